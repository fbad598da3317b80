import type { ClusterView, RunningWork } from '../../policy/SchedulingPolicy.ts';
import type { ClusterState } from '../ClusterState.ts';

/**
 * What a scheduling policy sees of the cluster: a frozen object of read-only queries over
 * the model's {@link ClusterState}, which stays out of reach (no typed array, no allocate).
 * `runningWork` lists the work running now (built on each call, frozen). Made once per run.
 */
export function clusterViewOf(state: ClusterState, runningWork: () => readonly RunningWork[]): ClusterView {
  return Object.freeze({
    get gpuCount() { return state.gpuCount; },
    get nodeCount() { return state.nodeCount; },
    get rackCount() { return state.rackCount; },
    get freeGpuCount() { return state.freeGpuCount; },
    get upGpuCount() { return state.upGpuCount; },
    isGpuUp: (gpu: number) => state.isGpuUp(gpu),
    isGpuFree: (gpu: number) => state.isGpuFree(gpu),
    nodeOfGpu: (gpu: number) => state.nodeOfGpu(gpu),
    gpuSpeed: (gpu: number) => state.gpuSpeed(gpu),
    freeGpusOnNode: (node: number) => state.freeGpusOnNode(node),
    findFreeGpus: (count: number, site?: string) => state.findFreeGpus(count, site),
    findFreeGpuRanges: (count: number, site?: string) => state.findFreeGpuRanges(count, site),
    findSharedGpu: (share: number) => state.findSharedGpu(share),
    rackOfGpu: (gpu: number) => state.rackOfGpu(gpu),
    siteOfRack: (rack: number) => state.siteOfRack(rack),
    sitesJoined: (a: string, b: string) => state.sitesJoined(a, b),
    freeGpusOnRack: (rack: number) => state.freeGpusOnRack(rack),
    findFreeGpusInRack: (count: number, rack: number) => state.findFreeGpusInRack(count, rack),
    runningWork,
  });
}
