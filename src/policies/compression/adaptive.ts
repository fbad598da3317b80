import { PolicyConfigError, type PolicyFactory } from '../registry.ts';
import type { CompressionPolicy } from '../types.ts';
import { variantFrom } from './variantParams.ts';
import { VARIANTS } from './variants.ts';

/**
 * Graceful degradation by compression (as in serving systems that switch to a quantised or
 * smaller model under overload or capacity loss): serve the full model while the service
 * has at least `threshold` of its replicas placed; below that, switch to `variant` — whose
 * replicas need fewer GPUs and so fit in what is left — and back to the full model once
 * enough GPUs are free to place every replica at full size again (redeployed one at a time).
 */
export const adaptive: PolicyFactory<CompressionPolicy> = {
  name: 'adaptive',
  description: 'Serve the full model while at least `threshold` of a service\'s replicas are placed; below that, switch to `variant` (fewer GPUs per replica, faster, lower quality), and back to the full model once the free GPUs could hold all its missing full-size replicas.',
  params: [
    { name: 'variant', type: `one of ${Object.keys(VARIANTS).filter((v) => v !== 'none').join(', ')}`, description: 'the variant served while capacity is short', default: 'int8' },
    { name: 'threshold', type: 'number in (0, 1]', description: 'share of replicas placed below which the service compresses', default: 1 },
  ],
  create: (params) => {
    const name = params.variant ?? 'int8';
    if (typeof name !== 'string' || !Object.hasOwn(VARIANTS, name) || name === 'none') {
      throw new PolicyConfigError('policies.compression.variant', `expected one of ${Object.keys(VARIANTS).filter((v) => v !== 'none').join(', ')}, got ${JSON.stringify(params.variant)}`);
    }
    const threshold = params.threshold ?? 1;
    if (typeof threshold !== 'number' || !(threshold > 0 && threshold <= 1)) {
      throw new PolicyConfigError('policies.compression.threshold', `expected a number in (0, 1], got ${JSON.stringify(params.threshold)}`);
    }
    const small = variantFrom(name, {}), full = VARIANTS.none;
    return {
      name: 'adaptive',
      variant: (s) => {
        const missing = s.replicas - s.placedReplicas;
        // Room to place the missing replicas at full size (or, with none missing, to redeploy one).
        const roomForFull = s.freeGpus >= Math.max(1, missing) * s.gpusPerReplica;
        if (s.placedReplicas < threshold * s.replicas) return roomForFull ? full : small;
        return s.variant.name === full.name || roomForFull ? full : s.variant;
      },
    };
  },
};
