import { autoscalingPolicies } from '../../src/policies/autoscaling/index.ts';
import { backupPolicies } from '../../src/policies/backup/index.ts';
import { compressionPolicies } from '../../src/policies/compression/index.ts';
import { failoverPolicies } from '../../src/policies/failover/index.ts';
import { schedulingPolicies } from '../../src/policies/scheduling/index.ts';
import type { PolicySet } from '../../src/sim/policy/PolicySet.ts';

const build = <P>(table: readonly { name: string; create(p: Record<string, unknown>): P }[], name: string) => table.find((f) => f.name === name)!.create({});

/** The default policy set (fifo, restart-from-checkpoint, young-daly, no compression) with some families replaced. */
export function policySet(overrides: Partial<PolicySet> = {}): PolicySet {
  return {
    scheduling: build(schedulingPolicies, 'fifo'),
    failover: build(failoverPolicies, 'restart-from-checkpoint'),
    backup: build(backupPolicies, 'young-daly'),
    compression: build(compressionPolicies, 'none'),
    autoscaling: build(autoscalingPolicies, 'none'),
    ...overrides,
  };
}
