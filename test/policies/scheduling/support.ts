/** Building blocks for the scheduling policy tests: queue entries, clusters, running work. */
import type { ClusterView, QueuedWork, RunningWork, ScheduleDecision } from '../../../src/policies/types.ts';
import { clusterViewOf } from '../../../src/sim/model/cluster/clusterView.ts';
import { rangesOf, rangesToList } from '../../../src/sim/policy/GpuRanges.ts';
import { ClusterState } from '../../../src/sim/model/ClusterState.ts';
import { Topology } from '../../../src/sim/model/Topology.ts';

/** A queue entry; arrival = id unless given. */
export function work(id: number, gpus: number, extra: Partial<QueuedWork> = {}): QueuedWork {
  return { id, kind: 'task', workloadId: 'w', gpus, arrivalS: id, deadlineS: Infinity, weight: 1, workS: 10, attempts: 0, attainedGpuS: 0, ...extra };
}

/** A cluster of one site `a` (or given sites) of `racks` racks of `nodes` nodes of `gpus` GPUs. */
export function cluster(racks: number, nodes: number, gpus: number, sites: readonly string[] = ['a']): ClusterState {
  return new ClusterState(new Topology({ sites: sites.map((id) => ({ id, racks, nodesPerRack: nodes, node: { gpus, gpu: 'H100', speed: 1 } })) }));
}

/**
 * Makes `c` show `items` as its running work, allocating their GPUs; each item is
 * [id, gpus, fields]. Returns the view a policy would get.
 */
export function withRunning(c: ClusterState, items: readonly [number, readonly number[], Partial<RunningWork>][]): ClusterView {
  const list: RunningWork[] = items.map(([id, gpus, extra]) => {
    const ranges = rangesOf(gpus);
    c.allocate(id, ranges);
    return { id, kind: 'task', workloadId: 'w', weight: 1, arrivalS: 0, need: gpus.length, ranges, gpus, startS: 0, attainedGpuS: 0, expectedEndS: Infinity, ...extra };
  });
  return clusterViewOf(c, () => list);
}

/**
 * Decisions with every placement's GPUs as a sorted list (`gpus`), whether the policy gave
 * them as ranges or as a list: for comparing with expected placements written as lists.
 */
export function listed(decisions: readonly ScheduleDecision[]): unknown[] {
  return decisions.map((d) => {
    if ('preempt' in d) return d;
    const gpus = d.ranges !== undefined ? rangesToList(d.ranges) : [...d.gpus].sort((a, b) => a - b);
    return { workId: d.workId, gpus };
  });
}
