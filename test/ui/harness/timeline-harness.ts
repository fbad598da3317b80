/**
 * Harness page of the timeline replay alone: builds a synthetic timeline from the URL
 * (`?spans=1000000&rows=2048&seed=1&outages=300&days=30`), shows it with replay controls,
 * and exposes for tests: `window.__timeline` (the TimelineView), `window.__replay`,
 * `window.__data` (the Timeline), `window.__frameTimes` (ms of every frame drawn),
 * `window.__frames` (their figures), `window.__scrubs` (times scrubbed on the axis),
 * `window.__setDataMs` (time to index the data), `window.__makeTimeline` (the generator),
 * `window.__workloadColor` and `window.__ready`.
 */
import '../../../src/ui/theme/theme.css';
import { workloadColor } from '../../../src/ui/theme/palette.ts';
import { connectReplay } from '../../../src/ui/timeline/connectReplay.ts';
import { createReplay } from '../../../src/ui/timeline/createReplay.ts';
import { createTimeline, type TimelineFrame } from '../../../src/ui/timeline/createTimeline.ts';
import { syntheticTimeline } from '../support/syntheticTimeline.ts';

const params = new URLSearchParams(location.search);
const num = (k: string, d: number): number => (params.has(k) ? Number(params.get(k)) : d);
const root = document.getElementById('harness')!;
root.className = 'panel';
root.style.margin = '12px';
root.style.display = 'flex';
root.style.flexDirection = 'column';
root.style.gap = '10px';
const title = document.createElement('h2');
title.style.margin = '0';
title.style.fontSize = 'var(--fs-h2)';
root.append(title);
const replayRoot = document.createElement('div');
const timelineRoot = document.createElement('div');
root.append(replayRoot, timelineRoot);
document.documentElement.style.setProperty('--tl-plot-height', `${Math.max(240, innerHeight - 230)}px`);

const data = syntheticTimeline({
  spans: num('spans', 100_000), rows: num('rows', 256), seed: num('seed', 1),
  horizonS: num('days', 30) * 86_400, ...(params.has('outages') ? { outages: num('outages', 0) } : {}),
});
title.textContent = `Timeline replay — ${data.spans.count.toLocaleString('en')} spans on ${data.rows.ids.length.toLocaleString('en')} nodes`;

const view = createTimeline(timelineRoot);
const replay = createReplay(replayRoot);
connectReplay(view, replay);
const frameTimes: number[] = [];
const frames: TimelineFrame[] = [];
const scrubs: number[] = [];
view.onFrame((f) => { frameTimes.push(f.ms); frames.push(f); });
view.onScrub((t) => scrubs.push(t));
const t0 = performance.now();
view.setData(data, workloadColor);
const setDataMs = performance.now() - t0;
replay.setDuration(data.endS);
// The cursor starts inside the site outage the generator places at 60 % of the run.
const startS = num('cursor', data.endS * 0.6 + 2 * 3600);
replay.setTime(startS);
view.setCursor(startS);
view.render();

Object.assign(window, { __makeTimeline: syntheticTimeline, __workloadColor: workloadColor, __timeline: view, __replay: replay, __data: data, __frameTimes: frameTimes, __frames: frames, __scrubs: scrubs, __setDataMs: setDataMs, __ready: true });
