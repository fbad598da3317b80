import { sampler, type Distribution } from '../../../random/distributions.ts';
import type { Rng } from '../../../random/streams.ts';
import type { InferenceWorkloadSpec } from '../../../scenario/types.ts';
import { roundCount, roundedLognormal } from '../../tokenCounts.ts';

/**
 * The service time at speed 1.0 of request k: drawn from a distribution, or from token
 * counts (traced, or drawn) × per-token times.
 */
export function serviceSampler(spec: InferenceWorkloadSpec, rng: Rng): (k: number) => number {
  const sv = spec.service;
  if (sv.kind === 'distribution') {
    const f = sampler(sv.distribution);
    return () => f(rng);
  }
  const pre = sv.prefillPerTokenS, dec = sv.decodePerTokenS;
  const data = spec.trace?.data;
  if (data) return (k) => data.promptTokens[k] * pre + data.outputTokens[k] * dec;
  const prompt = tokenCounter(sv.prompt, rng), output = tokenCounter(sv.output, rng);
  return () => prompt() * pre + output() * dec;
}

/**
 * Draws of a whole token count (a distribution's draw rounded half up) with `rng`: a
 * lognormal (the usual model of prompt and output lengths) from the rounded count's own
 * distribution by an alias table (see {@link roundedLognormal}), any other by rounding a
 * draw of the shared samplers.
 */
function tokenCounter(d: Distribution, rng: Rng): () => number {
  if (d.kind === 'lognormal') return roundedLognormal(d.mu, d.sigma, rng);
  const f = sampler(d);
  return () => roundCount(f(rng));
}
