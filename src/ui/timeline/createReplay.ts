/**
 * Replay controls: play/pause, a speed (simulated seconds per real second, scaled to the
 * run so a full replay takes 24–60 s by default), a scrub slider and the time as
 * `d:hh:mm:ss`. Plays with requestAnimationFrame. Keyboard: Space plays or pauses while
 * any control but the speed list has focus; on the slider ←/→ step 1 % (Shift: 10 %),
 * PageUp/PageDown 10 %, Home/End jump to the ends.
 */
import './timeline.css';
import { defaultSpeed, formatSpeed, speedOptions } from './replaySpeeds.ts';
import { formatClock } from './timeFormat.ts';

/** The replay controls; see the module comment. */
export interface ReplayControls {
  /** Sets the run's length (seconds); the time is kept within it. */
  setDuration(endS: number): void;
  /** Moves the replay time (seconds) without calling the {@link onTime} listeners. */
  setTime(timeS: number): void;
  /** Called with the replay time when it moves by playing or by the user (slider, keys). */
  onTime(cb: (timeS: number) => void): void;
  play(): void;
  pause(): void;
  readonly playing: boolean;
  /** Current replay time (seconds). */
  readonly time: number;
  /** Current speed (simulated seconds per real second); settable to any value. */
  speed: number;
  destroy(): void;
}

/** Builds replay controls in `root`. */
export function createReplay(root: HTMLElement): ReplayControls {
  const el = document.createElement('div');
  el.className = 'rp';
  el.setAttribute('role', 'group');
  el.setAttribute('aria-label', 'Replay');
  el.dataset.testid = 'replay';
  el.innerHTML = `
    <button type="button" class="rp-play primary" aria-label="Play">▶ Play</button>
    <label class="rp-speed-label">Speed <select class="rp-speed" aria-label="Replay speed, simulated time per second"></select></label>
    <input class="rp-slider" type="range" min="0" max="1" step="any" value="0" aria-label="Replay time" />
    <output class="rp-time" aria-live="off"><span class="rp-now">0:00:00:00</span> <span class="rp-end">/ 0:00:00:00</span></output>`;
  root.append(el);
  const playBtn = el.querySelector<HTMLButtonElement>('.rp-play')!;
  const speedSel = el.querySelector<HTMLSelectElement>('.rp-speed')!;
  const slider = el.querySelector<HTMLInputElement>('.rp-slider')!;
  const nowOut = el.querySelector<HTMLSpanElement>('.rp-now')!;
  const endOut = el.querySelector<HTMLSpanElement>('.rp-end')!;

  let endS = 0, timeS = 0, speed = 1, playing = false, rafId = 0, lastMs = 0;
  const listeners: ((t: number) => void)[] = [];

  const show = (): void => {
    const fine = endS > 0 && endS < 600 ? 1 : 0;
    nowOut.textContent = formatClock(timeS, fine);
    slider.value = String(timeS);
    slider.setAttribute('aria-valuetext', formatClock(timeS, fine));
  };
  const emit = (): void => { for (const cb of listeners) cb(timeS); };
  const setPlaying = (on: boolean): void => {
    playing = on;
    playBtn.textContent = on ? '❚❚ Pause' : '▶ Play';
    playBtn.setAttribute('aria-label', on ? 'Pause' : 'Play');
    el.dataset.playing = on ? 'true' : 'false';
  };
  const moveTo = (t: number, notify: boolean): void => {
    timeS = Math.max(0, Math.min(endS, Number.isFinite(t) ? t : 0));
    show();
    if (notify) emit();
  };

  const tick = (nowMs: number): void => {
    rafId = 0;
    if (!playing) return;
    const dt = Math.min(0.25, Math.max(0, (nowMs - lastMs) / 1000));
    lastMs = nowMs;
    moveTo(timeS + dt * speed, true);
    if (timeS >= endS) { controls.pause(); return; }
    rafId = requestAnimationFrame(tick);
  };

  const fillSpeeds = (): void => {
    speedSel.replaceChildren();
    const def = defaultSpeed(endS);
    const opts = speedOptions(endS);
    if (!opts.includes(speed) && speed !== def) speed = def;
    for (const s of opts) {
      const o = document.createElement('option');
      o.value = String(s);
      o.textContent = s === def && endS > 0 ? `${formatSpeed(s)} (full run in ${Math.round(endS / s)} s)` : formatSpeed(s);
      speedSel.append(o);
    }
    speedSel.value = String(speed);
  };

  playBtn.addEventListener('click', () => (playing ? controls.pause() : controls.play()));
  speedSel.addEventListener('change', () => { speed = Number(speedSel.value) || speed; });
  slider.addEventListener('input', () => moveTo(Number(slider.value), true));
  const onKey = (e: KeyboardEvent): void => {
    const target = e.target as HTMLElement;
    if (e.key === ' ' && target !== speedSel && target !== playBtn) {
      e.preventDefault();
      if (playing) controls.pause(); else controls.play();
      return;
    }
    if (target !== slider || endS <= 0) return;
    const small = endS * (e.shiftKey ? 0.1 : 0.01), big = endS * 0.1;
    const to: Record<string, number> = { ArrowRight: timeS + small, ArrowUp: timeS + small, ArrowLeft: timeS - small, ArrowDown: timeS - small, PageUp: timeS + big, PageDown: timeS - big, Home: 0, End: endS };
    if (e.key in to) { e.preventDefault(); moveTo(to[e.key], true); }
  };
  el.addEventListener('keydown', onKey);

  const controls: ReplayControls = {
    setDuration(end) {
      endS = Math.max(0, Number.isFinite(end) ? end : 0);
      slider.max = String(endS);
      endOut.textContent = `/ ${formatClock(endS, endS > 0 && endS < 600 ? 1 : 0)}`;
      speed = defaultSpeed(endS);
      fillSpeeds();
      playBtn.disabled = endS <= 0; slider.disabled = endS <= 0; speedSel.disabled = endS <= 0;
      if (endS <= 0) controls.pause();
      moveTo(timeS, false);
    },
    setTime(t) { moveTo(t, false); },
    onTime(cb) { listeners.push(cb); },
    play() {
      if (endS <= 0 || playing) return;
      if (timeS >= endS) moveTo(0, true);
      setPlaying(true);
      lastMs = performance.now();
      rafId = requestAnimationFrame(tick);
    },
    pause() {
      setPlaying(false);
      if (rafId) { cancelAnimationFrame(rafId); rafId = 0; }
    },
    get playing() { return playing; },
    get time() { return timeS; },
    get speed() { return speed; },
    set speed(s: number) {
      if (!(s > 0)) return;
      speed = s;
      if (![...speedSel.options].some((o) => Number(o.value) === s)) {
        const o = document.createElement('option');
        o.value = String(s); o.textContent = formatSpeed(s);
        speedSel.append(o);
      }
      speedSel.value = String(s);
    },
    destroy() {
      controls.pause();
      el.removeEventListener('keydown', onKey);
      el.remove();
    },
  };
  setPlaying(false);
  controls.setDuration(0);
  return controls;
}
