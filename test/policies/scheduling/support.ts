/** Building blocks for the scheduling policy tests: queue entries, clusters, running work. */
import type { QueuedWork, RunningWork } from '../../../src/policies/types.ts';
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
 * [id, gpus, fields]. Returns the cluster.
 */
export function withRunning(c: ClusterState, items: readonly [number, readonly number[], Partial<RunningWork>][]): ClusterState {
  const list: RunningWork[] = items.map(([id, gpus, extra]) => {
    c.allocate(id, gpus);
    return { id, kind: 'task', workloadId: 'w', weight: 1, arrivalS: 0, need: gpus.length, gpus, startS: 0, attainedGpuS: 0, expectedEndS: Infinity, ...extra };
  });
  c.runningWorkSource = () => list;
  return c;
}
