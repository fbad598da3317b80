import { callPolicy, readOnly } from './callPolicy.ts';
import type { CompressionPolicy, ModelVariant, ServiceView } from '../policy/CompressionPolicy.ts';
import type { InferenceWorkloadSpec } from '../scenario/types.ts';
import { PolicyError } from './PolicyError.ts';

/** What the model variants need to know of, and do to, the replicas. */
export interface ReplicaHooks {
  /** Task ids of service `si`'s replicas. */
  replicaTasks(si: number): readonly number[];
  /** Replicas service `si` should have now (its `replicas`, or what autoscaling last set). */
  targetReplicas(si: number): number;
  /** The replica is placed (starting or ready, not stopped by a failure). */
  isPlaced(task: number): boolean;
  isQueued(task: number): boolean;
  readyOf(si: number): number;
  /** Free GPUs where the service may run. */
  freeGpus(si: number): number;
  /** Sets the GPUs a queued replica asks for. */
  setNeed(task: number, gpus: number): void;
  /** Stops a placed replica and queues it again (at its current need). */
  redeploy(task: number): void;
}

const FULL: ModelVariant = { name: 'none', gpusFactor: 1, speedFactor: 1, quality: 1 };

/**
 * Which model variant each inference service serves (the compression policy's choice) and
 * which one each placed replica runs. Replicas waiting for GPUs take a new choice at once;
 * placed ones are redeployed as the new choice one at a time, when that helps: going back
 * up, each once enough GPUs are free for it; going down, while replicas wait that the
 * smaller size would let in.
 */
export class ServiceVariants {
  private readonly current: ModelVariant[];
  private readonly ofReplica = new Map<number, ModelVariant>();

  constructor(private readonly policy: CompressionPolicy, private readonly specs: readonly InferenceWorkloadSpec[], private readonly hooks: ReplicaHooks) {
    this.current = specs.map(() => FULL);
  }

  /** GPUs a replica of service `si` needs under its current variant. */
  need(si: number): number {
    return replicaNeed(this.specs[si].gpusPerReplica, this.current[si]);
  }

  /** A replica of service `si` was placed: it runs the current variant, returned. */
  placed(task: number, si: number): ModelVariant {
    const v = this.current[si];
    this.ofReplica.set(task, v);
    return v;
  }

  /** Asks the policy for every service's variant and applies changes; true when anything changed. */
  update(nowS: number): boolean {
    let changed = false;
    for (let si = 0; si < this.specs.length; si++) changed = this.updateService(si, nowS) || changed;
    return changed;
  }

  private updateService(si: number, nowS: number): boolean {
    const spec = this.specs[si], h = this.hooks;
    const tasks = h.replicaTasks(si);
    let placed = 0;
    for (const t of tasks) if (h.isPlaced(t)) placed++;
    const view: ServiceView = {
      id: spec.id, replicas: h.targetReplicas(si), placedReplicas: placed, readyReplicas: h.readyOf(si),
      gpusPerReplica: spec.gpusPerReplica, variant: this.current[si], freeGpus: h.freeGpus(si),
    };
    const v = this.ask(view, nowS);
    let changed = false;
    if (!sameVariant(v, this.current[si])) {
      this.current[si] = v;
      const n = this.need(si);
      for (const t of tasks) if (h.isQueued(t)) h.setNeed(t, n);
      changed = true;
    }
    return this.redeployOne(si, tasks, view.freeGpus, placed < view.replicas) || changed;
  }

  /**
   * Redeploys one placed replica as the current variant, when that helps: going back up, one
   * of a smaller variant when none waits and its GPUs with the free ones hold the larger size;
   * going down, one of a larger variant when replicas wait and its GPUs with the free ones
   * would hold at least two of the current size.
   */
  private redeployOne(si: number, tasks: readonly number[], freeGpus: number, waiting: boolean): boolean {
    const h = this.hooks, gpus = this.specs[si].gpusPerReplica;
    const n = this.need(si);
    for (const t of tasks) {
      const mine = this.ofReplica.get(t);
      if (!h.isPlaced(t) || !mine) continue;
      const has = replicaNeed(gpus, mine);
      if ((has < n && !waiting && freeGpus + has >= n) || (has > n && waiting && freeGpus + has >= 2 * n)) {
        h.redeploy(t);
        h.setNeed(t, n);
        return true;
      }
    }
    return false;
  }

  private ask(view: ServiceView, nowS: number): ModelVariant {
    const v: unknown = callPolicy(this.policy, 'variant', () => this.policy.variant(readOnly(view), nowS));
    const x = v as Partial<ModelVariant> | null;
    const ok = typeof x === 'object' && x !== null && typeof x.name === 'string'
      && typeof x.gpusFactor === 'number' && x.gpusFactor > 0 && x.gpusFactor <= 1
      && typeof x.speedFactor === 'number' && x.speedFactor > 0 && x.speedFactor < Infinity
      && typeof x.quality === 'number' && x.quality >= 0 && x.quality <= 1;
    if (!ok) throw new PolicyError(this.policy.name, `variant returned ${JSON.stringify(v)}; expected { name, gpusFactor in (0, 1], speedFactor > 0, quality in [0, 1] }`);
    return x as ModelVariant;
  }
}

/** GPUs a replica of a model on `gpus` GPUs needs as variant `v` (at least 1). */
function replicaNeed(gpus: number, v: ModelVariant): number {
  return Math.max(1, Math.ceil(gpus * v.gpusFactor - 1e-9));
}

function sameVariant(a: ModelVariant, b: ModelVariant): boolean {
  return a.name === b.name && a.gpusFactor === b.gpusFactor && a.speedFactor === b.speedFactor && a.quality === b.quality;
}
