import { OBSERVER_METHODS, type SimObserver } from './SimObserver.ts';

/** One observer that passes every call to `a`, then to `b` (either may leave calls out). */
export function bothObservers(a: SimObserver, b: SimObserver | undefined): SimObserver {
  if (!b) return a;
  const out: Record<string, (...args: never[]) => void> = {};
  for (const m of OBSERVER_METHODS) {
    const fa = a[m] as ((...args: unknown[]) => void) | undefined;
    const fb = b[m] as ((...args: unknown[]) => void) | undefined;
    if (!fa && !fb) continue;
    out[m] = (...args: unknown[]) => { fa?.apply(a, args); fb?.apply(b, args); };
  }
  return out as SimObserver;
}
