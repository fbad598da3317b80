import type { InferenceWorkloadSpec } from '../../../scenario/types.ts';
import { traceLength } from '../../traceLength.ts';

/**
 * About how many requests a service will complete (at most 2^26): its count or trace length,
 * else its base rate × (1 + diurnal amplitude) × the horizon, plus a little. The response
 * times' array starts at that size: a day at hundreds of requests per second then never
 * copies tens of millions of them as it grows (memory is only touched as it fills).
 */
export function expectedRequests(spec: InferenceWorkloadSpec, horizonS: number, workload: number): number {
  const limit = spec.trace ? traceLength(spec.trace, workload) : spec.count;
  const drawn = spec.arrivalRatePerS * (1 + (spec.rateShape.diurnal?.amplitude ?? 0)) * horizonS;
  const n = Math.min(limit, 1.05 * drawn + 1024, 2 ** 26);
  return Number.isFinite(n) ? Math.max(256, Math.ceil(n)) : 256;
}
