import * as Comlink from 'comlink';
import type { PolicyModuleRef, RunOutcome, SimWorkerApi } from '../../worker/simWorker.ts';
import type { Scenario } from '../../sim/scenario/types.ts';

/** A run as the page sees it: its outcome, or that the user cancelled it. */
export type SlotOutcome = RunOutcome | { readonly ok: false; readonly kind: 'cancelled'; readonly error: string; readonly wallMs: number };

/**
 * One run's own Web Worker (the shared worker module, through comlink). A slot runs one
 * scenario at a time; cancelling terminates its worker (a run cannot be interrupted from
 * outside otherwise) and the next run starts a fresh one.
 */
export class RunSlot {
  private worker: Worker | null = null;
  private api: Comlink.Remote<SimWorkerApi> | null = null;
  private cancelRun: (() => void) | null = null;

  /** The worker's API, starting the worker if needed. */
  remote(): Comlink.Remote<SimWorkerApi> {
    if (!this.api) {
      this.worker = new Worker(new URL('../../worker/browserWorker.ts', import.meta.url), { type: 'module', name: 'dcsim-run' });
      this.api = Comlink.wrap<SimWorkerApi>(this.worker);
    }
    return this.api;
  }

  get running(): boolean {
    return this.cancelRun !== null;
  }

  /** Runs `scenario` (its policies already chosen), reporting progress in [0, 1]. */
  run(scenario: Scenario, modules: readonly PolicyModuleRef[], onProgress: (fraction: number) => void): Promise<SlotOutcome> {
    const api = this.remote();
    const t0 = performance.now();
    // Progress messages already on their way when the run ends (a cancel terminates the
    // worker, but what it posted is still delivered) are dropped, not shown after the end.
    let live = true;
    return new Promise<SlotOutcome>((resolve) => {
      this.cancelRun = () => resolve({ ok: false, kind: 'cancelled', error: 'cancelled', wallMs: performance.now() - t0 });
      api.run(scenario, { recordTimeline: true, policyModules: modules }, Comlink.proxy((f: number) => { if (live) onProgress(f); })).then(
        (out) => resolve(out),
        (e: unknown) => resolve({ ok: false, kind: 'crash', error: `the run's worker failed: ${String((e as Error)?.message ?? e)}`, wallMs: performance.now() - t0 }),
      );
    }).finally(() => { live = false; this.cancelRun = null; });
  }

  /** Stops the run under way, if any (its promise resolves as cancelled). */
  cancel(): void {
    if (!this.cancelRun) return;
    const done = this.cancelRun;
    this.terminate();
    done();
  }

  terminate(): void {
    this.api?.[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
  }
}
