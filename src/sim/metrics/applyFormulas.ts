import { compileFormula, type CompiledFormula } from './formula.ts';
import { FORMULA_NAMES, type HeadlineName, type MetricFormulas } from './formulaNames.ts';
import type { Metrics } from './Metrics.ts';

/** Thrown when a metric formula gives a value outside its figure's range. */
export class MetricRangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricRangeError';
  }
}

/** Replaces headline figures by the scenario's formulas, evaluated over the default figures. */
export function applyFormulas(base: Metrics, formulas: MetricFormulas): Metrics {
  const names = Object.keys(formulas) as HeadlineName[];
  if (names.length === 0) return base;
  const scope: Record<string, number> = {};
  for (const k of FORMULA_NAMES) {
    const v = base[k as keyof Metrics];
    scope[k] = v === null ? NaN : v;
  }
  const out: Record<string, number | null> = { ...base };
  for (const name of names) {
    const f: CompiledFormula = compileFormula(formulas[name]!, FORMULA_NAMES);
    const v = f(scope);
    if (!Number.isFinite(v)) {
      if (name === 'T') { out.T = null; continue; }
      throw new MetricRangeError(`metrics.${name}: the formula gave ${v} (a figure it uses may be undefined for this run)`);
    }
    if (name !== 'T' && (v < 0 || v > 1)) throw new MetricRangeError(`metrics.${name}: the formula gave ${v}, expected a value in [0, 1]`);
    if (name === 'T' && v < 0) throw new MetricRangeError(`metrics.T: the formula gave ${v}, expected a time >= 0`);
    out[name] = v;
  }
  return out as unknown as Metrics;
}
