import type { Distribution } from '../random/distributions.ts';
import { describeValue } from './formatIssue.ts';
import { DURATION_EXPECTED, parseDuration } from './units.ts';

/** What a distribution field accepts, for error messages. */
export const DISTRIBUTION_NAMES = ['constant', 'exponential', 'weibull', 'lognormal', 'uniform', 'empirical'] as const;

type Issue = { path: (string | number)[]; message: string };

/**
 * Reads a distribution of durations written as `"10s"` (a constant) or as an object with one
 * key naming the family: `{ "exponential": { "mean": "2h" } }`, `{ "lognormal": { "median":
 * "6h", "sigma": 1 } }`, `{ "weibull": { "shape": 0.7, "scale": "30d" } }`, `{ "uniform":
 * { "min": "1s", "max": "3s" } }`, `{ "empirical": ["1s", "2s", "9s"] }`, `{ "constant": "5s" }`.
 * Problems go to `issues` with paths relative to the field.
 */
export function parseDistribution(v: unknown, issues: Issue[]): Distribution | undefined {
  const constant = parseDuration(v);
  if (constant !== undefined) return nonNegative(constant, [], issues) ? { kind: 'constant', value: constant } : undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    issues.push({ path: [], message: `expected a duration or a distribution such as { "exponential": { "mean": "2h" } }, got ${describeValue(v)}` });
    return undefined;
  }
  const keys = Object.keys(v);
  const known = keys.filter((k) => (DISTRIBUTION_NAMES as readonly string[]).includes(k));
  if (known.length === 1 && keys.length > 1) {
    for (const k of keys) if (k !== known[0]) issues.push({ path: [k], message: `unknown field; a distribution has one key, its family ("${known[0]}" here)` });
    return undefined;
  }
  if (keys.length !== 1 || !(DISTRIBUTION_NAMES as readonly string[]).includes(keys[0])) {
    issues.push({ path: [], message: `expected an object with exactly one of ${DISTRIBUTION_NAMES.map((k) => `"${k}"`).join(', ')}, got ${keys.length === 0 ? 'an empty object' : keys.map((k) => `"${k}"`).join(', ')}` });
    return undefined;
  }
  const name = keys[0];
  const body = (v as Record<string, unknown>)[name];
  const at = (p: (string | number)[]) => [name, ...p];
  switch (name) {
    case 'constant': {
      const value = duration(body, at([]), issues);
      return value === undefined ? undefined : { kind: 'constant', value };
    }
    case 'exponential': {
      const o = fields(body, ['mean', 'rate'], at([]), issues);
      if (!o) return undefined;
      if (o.rate !== undefined && o.mean !== undefined) {
        issues.push({ path: at([]), message: 'give "mean" or "rate", not both' });
        return undefined;
      }
      if (o.rate !== undefined) {
        const rate = positive(o.rate, at(['rate']), issues);
        return rate === undefined ? undefined : { kind: 'exponential', mean: 1 / rate };
      }
      const mean = duration(o.mean, at(['mean']), issues, true);
      return mean === undefined ? undefined : { kind: 'exponential', mean };
    }
    case 'weibull': {
      const o = fields(body, ['shape', 'scale'], at([]), issues);
      if (!o) return undefined;
      const shape = positive(o.shape, at(['shape']), issues);
      const scale = duration(o.scale, at(['scale']), issues, true);
      return shape === undefined || scale === undefined ? undefined : { kind: 'weibull', shape, scale };
    }
    case 'lognormal': {
      const o = fields(body, ['median', 'mu', 'sigma'], at([]), issues);
      if (!o) return undefined;
      const sigma = nonNegativeNumber(o.sigma, at(['sigma']), issues);
      let mu: number | undefined;
      if (o.median !== undefined && o.mu !== undefined) {
        issues.push({ path: at([]), message: 'give "median" or "mu", not both' });
      } else if (o.mu !== undefined) {
        mu = finite(o.mu, at(['mu']), issues);
      } else {
        const median = duration(o.median, at(['median']), issues, true);
        mu = median === undefined ? undefined : Math.log(median);
      }
      return mu === undefined || sigma === undefined ? undefined : { kind: 'lognormal', mu, sigma };
    }
    case 'uniform': {
      const o = fields(body, ['min', 'max'], at([]), issues);
      if (!o) return undefined;
      const min = duration(o.min, at(['min']), issues);
      const max = duration(o.max, at(['max']), issues);
      if (min === undefined || max === undefined) return undefined;
      if (max < min) {
        issues.push({ path: at(['max']), message: `expected a value >= min (${min} s), got ${max} s` });
        return undefined;
      }
      return { kind: 'uniform', min, max };
    }
    default: {
      const list = Array.isArray(body) ? body : undefined;
      if (!list || list.length === 0) {
        issues.push({ path: at([]), message: `expected a non-empty list of durations, got ${describeValue(body)}` });
        return undefined;
      }
      const values: number[] = [];
      for (let i = 0; i < list.length; i++) {
        const d = duration(list[i], at([i]), issues);
        if (d === undefined) return undefined;
        values.push(d);
      }
      return { kind: 'empirical', values };
    }
  }
}

function fields(body: unknown, allowed: string[], path: (string | number)[], issues: Issue[]): Record<string, unknown> | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    issues.push({ path, message: `expected an object with ${allowed.map((k) => `"${k}"`).join(', ')}, got ${describeValue(body)}` });
    return undefined;
  }
  const o = body as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) {
      issues.push({ path: [...path, k], message: `unknown field; expected ${allowed.map((a) => `"${a}"`).join(', ')}` });
      return undefined;
    }
  }
  return o;
}

function duration(v: unknown, path: (string | number)[], issues: Issue[], strictlyPositive = false): number | undefined {
  const d = parseDuration(v);
  if (d === undefined) {
    issues.push({ path, message: v === undefined ? `is required (${DURATION_EXPECTED})` : `expected ${DURATION_EXPECTED}, got ${describeValue(v)}` });
    return undefined;
  }
  if (strictlyPositive ? !(d > 0) : !nonNegative(d, path, issues)) {
    if (strictlyPositive) issues.push({ path, message: `expected a duration > 0, got ${describeValue(v)}` });
    return undefined;
  }
  return d;
}

function nonNegative(d: number, path: (string | number)[], issues: Issue[]): boolean {
  if (d >= 0) return true;
  issues.push({ path, message: `expected a duration >= 0, got ${d}` });
  return false;
}

function finite(v: unknown, path: (string | number)[], issues: Issue[]): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  issues.push({ path, message: v === undefined ? 'is required (a number)' : `expected a number, got ${describeValue(v)}` });
  return undefined;
}

function positive(v: unknown, path: (string | number)[], issues: Issue[]): number | undefined {
  const x = finite(v, path, issues);
  if (x === undefined) return undefined;
  if (x > 0) return x;
  issues.push({ path, message: `expected a number > 0, got ${x}` });
  return undefined;
}

function nonNegativeNumber(v: unknown, path: (string | number)[], issues: Issue[]): number | undefined {
  const x = finite(v, path, issues);
  if (x === undefined) return undefined;
  if (x >= 0) return x;
  issues.push({ path, message: `expected a number >= 0, got ${x}` });
  return undefined;
}

