/**
 * The difference of a figure to the first run's, and whether it is an improvement
 * (DOM-free). The direction is told by text (▲ up, ▼ down, = equal); good or bad is a
 * secondary cue for colour and for screen-reader text.
 */
import { formatDelta, type FigureKind } from './formatFigure.ts';

/** Which way a figure improves: higher C is better, higher T is worse; `neutral` for figures that are neither. */
export type Better = 'higher' | 'lower' | 'neutral';

/** How a later run's figure compares with the first run's. */
export type Verdict = 'better' | 'worse' | 'same' | 'neutral' | 'none';

/** A figure's difference to the first run. */
export interface FigureDiff {
  /** value − first; NaN when either has no value. */
  readonly delta: number;
  /** ▲, ▼, = or empty (no value to compare). */
  readonly arrow: '▲' | '▼' | '=' | '';
  /** The signed difference, e.g. `+0.012`, `−2.1 min`; empty when there is nothing to compare. */
  readonly text: string;
  readonly verdict: Verdict;
}

/**
 * Differences smaller than this share of the larger magnitude (or, for fractions, than
 * 5·10⁻⁵, which shows as 0.000) count as equal: float noise is not a change.
 */
const RELATIVE_EPS = 1e-9;

/** The difference of `value` to `first` for a figure of `kind` that improves in direction `better`. */
export function figureDiff(kind: FigureKind, better: Better, first: number | null | undefined, value: number | null | undefined): FigureDiff {
  if (first === null || first === undefined || value === null || value === undefined || Number.isNaN(first) || Number.isNaN(value)) {
    return { delta: NaN, arrow: '', text: '', verdict: 'none' };
  }
  const delta = value - first;
  const eps = kind === 'fraction' ? 5e-5 : RELATIVE_EPS * Math.max(Math.abs(first), Math.abs(value));
  if (Math.abs(delta) <= eps || delta === 0) return { delta: 0, arrow: '=', text: '±0', verdict: 'same' };
  const up = delta > 0;
  const verdict: Verdict = better === 'neutral' ? 'neutral' : (up === (better === 'higher')) ? 'better' : 'worse';
  return { delta, arrow: up ? '▲' : '▼', text: formatDelta(kind, delta), verdict };
}
