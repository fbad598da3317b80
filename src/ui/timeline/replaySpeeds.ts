/**
 * Replay speeds (simulated seconds per real second) for a run of a given length: a
 * 1-2-5 ladder from 1× to 10⁶× (and beyond for very long runs), with a default that
 * replays the whole run in 24–60 s. DOM-free.
 */

/** Length of a full replay at the default speed aims at this (seconds), and takes at most it. */
export const TARGET_REPLAY_S = 60;

/** A 1-2-5 ladder of speeds from `min` up to at least `max`. */
function ladder(min: number, max: number): number[] {
  const out: number[] = [];
  for (let p = 10 ** Math.floor(Math.log10(Math.max(1e-9, min))); ; p *= 10) {
    for (const m of [1, 2, 5]) {
      const s = Number((m * p).toPrecision(6));
      if (s >= min - 1e-12) out.push(s);
      if (s >= max) return out;
    }
  }
}

/** The default speed: the smallest 1-2-5 speed that replays `durationS` within {@link TARGET_REPLAY_S}. */
export function defaultSpeed(durationS: number): number {
  const need = Math.max(0, durationS) / TARGET_REPLAY_S;
  if (!(need > 1)) return 1;
  return ladder(1, need).find((s) => s >= need - 1e-9) ?? need;
}

/**
 * Speeds offered for a run of `durationS`: 1× up to 10⁶× (further if the default is
 * beyond), always including the default.
 */
export function speedOptions(durationS: number): number[] {
  const def = defaultSpeed(durationS);
  return ladder(1, Math.max(1e6, def * 10));
}

/** A speed as people read it: `1×`, `500×`, `20k×`, `1M×`. */
export function formatSpeed(speed: number): string {
  if (speed >= 1e6) return `${Number((speed / 1e6).toPrecision(3))}M×`;
  if (speed >= 1e3) return `${Number((speed / 1e3).toPrecision(3))}k×`;
  return `${Number(speed.toPrecision(3))}×`;
}
