import { PolicyConfigError, type ParamSpec } from '../registry.ts';
import type { ModelVariant } from '../types.ts';
import { VARIANTS } from './variants.ts';

/** The parameters every fixed-variant policy takes, to override its published defaults. */
export function variantParams(d: ModelVariant): ParamSpec[] {
  return [
    { name: 'gpusFactor', type: 'number in (0, 1]', description: 'GPUs per replica relative to the full model', default: d.gpusFactor },
    { name: 'speedFactor', type: 'number > 0', description: 'serving speed relative to the full model', default: d.speedFactor },
    { name: 'quality', type: 'number in [0, 1]', description: 'answer quality relative to the full model', default: d.quality },
  ];
}

/** A variant from its defaults and the parameters given; `path` names the scenario field. */
export function variantFrom(name: string, params: Readonly<Record<string, unknown>>, path = 'policies.compression'): ModelVariant {
  const d = VARIANTS[name];
  const num = (key: 'gpusFactor' | 'speedFactor' | 'quality', ok: (x: number) => boolean, expected: string): number => {
    const v = params[key] ?? d[key];
    if (typeof v !== 'number' || !ok(v)) throw new PolicyConfigError(`${path}.${key}`, `expected ${expected}, got ${JSON.stringify(params[key])}`);
    return v;
  };
  return {
    name,
    gpusFactor: num('gpusFactor', (x) => x > 0 && x <= 1, 'a number in (0, 1]'),
    speedFactor: num('speedFactor', (x) => x > 0 && x < Infinity, 'a number > 0'),
    quality: num('quality', (x) => x >= 0 && x <= 1, 'a number in [0, 1]'),
  };
}
