/**
 * The worker side of a run: the one module a worker serves, in the browser (a Web Worker,
 * browserWorker.ts) and in Node (worker_threads, node/worker.mjs), with comlink as the
 * boundary. It uses no Node API and no DOM: a worker entry exposes {@link simWorkerApi}.
 *
 * Everything crosses the boundary as plain data: the scenario in, the outcome out — an
 * error as text with its kind, never a thrown exception (the class of an error does not
 * survive the crossing) — with the capacity series in typed arrays transferred, not copied.
 */
import * as Comlink from 'comlink';
import { builtinPolicies, type PolicyTables } from '../policies/families.ts';
import { ScenarioError } from '../sim/scenario/formatIssue.ts';
import type { Scenario } from '../sim/scenario/types.ts';
import { isRunFailure, runScenario, type RunOutput } from './runScenario.ts';
import { addPolicies, PolicyModuleError, policiesFromModule, type UserPolicy } from './userPolicies.ts';
import { PolicyConfigError } from '../policies/registry.ts';
import { describePolicies, type FamilyName, type PolicyInfo } from './catalog.ts';

/** A policy module for the worker to load: its URL (`file:` in Node) and the name to show for it. */
export interface PolicyModuleRef {
  readonly url: string;
  /** The module as the user named it: policies and their messages cite it. */
  readonly source: string;
}

/** Options of {@link SimWorkerApi.run}. */
export interface WorkerRunOptions {
  /** Replaces the scenario's seed. */
  readonly seed?: number;
  /** Fails the run after this many events. */
  readonly maxEvents?: number;
  /** Records the capacity series (returned in transferred typed arrays). */
  readonly recordSeries?: boolean;
  /** Records the run's timeline (spans, outages, per-window tallies; typed arrays transferred). */
  readonly recordTimeline?: boolean;
  /** Policy modules whose policies the scenario may name, loaded in the worker (cached there). */
  readonly policyModules?: readonly PolicyModuleRef[];
}

/**
 * Why a run did not complete: `failure` — it failed on its own terms (a policy threw or
 * decided something invalid, the event budget, a metric out of range); `bad-input` — the
 * scenario's policies or a policy module could not be set up; `error` — anything else (a
 * bug); and, added by a pool that watches workers, `timeout` and `crash`.
 */
export type FailureKind = 'failure' | 'bad-input' | 'error' | 'timeout' | 'crash';

/** What a run gives back across the boundary. `wallMs` is the time the run took in the worker. */
export type RunOutcome =
  | { readonly ok: true; readonly result: RunOutput; readonly wallMs: number }
  | { readonly ok: false; readonly kind: FailureKind; readonly error: string; readonly wallMs: number };

/** What a worker serves. */
export interface SimWorkerApi {
  /**
   * Runs a validated scenario (traces attached) and returns its outcome. `onProgress`
   * receives the fraction of the horizon done, increasing, at most every 65,536 events,
   * and 1 at the end.
   */
  run(scenario: Scenario, options?: WorkerRunOptions, onProgress?: (fraction: number) => void): Promise<RunOutcome>;
  /**
   * The policies a run here may name — the built-ins and those of `modules` (loaded in the
   * worker: a page lists user policies without running their code itself) — or the error
   * that loading a module gave.
   */
  describe(modules?: readonly PolicyModuleRef[]): Promise<{ readonly ok: true; readonly policies: Record<FamilyName, PolicyInfo[]> } | { readonly ok: false; readonly error: string }>;
  /** Answers once the worker is up (and has loaded its code). */
  ping(): string;
}

const catalogs = new Map<string, Promise<PolicyTables>>();

/** The built-in policies plus those of the modules (each list loaded once per worker). */
function catalogFor(modules: readonly PolicyModuleRef[] | undefined): Promise<PolicyTables> {
  if (!modules || modules.length === 0) return Promise.resolve(builtinPolicies);
  const key = JSON.stringify(modules);
  let c = catalogs.get(key);
  if (!c) {
    c = (async () => {
      const loaded: UserPolicy[] = [];
      for (const m of modules) {
        const exports = await import(/* @vite-ignore */ m.url) as Record<string, unknown>;
        loaded.push(...policiesFromModule(exports, m.source));
      }
      return addPolicies(builtinPolicies, loaded);
    })();
    catalogs.set(key, c);
    c.catch(() => catalogs.delete(key));
  }
  return c;
}

const oneLine = (e: unknown): string => String((e as Error)?.message ?? e);

/** The typed arrays of a result, to transfer rather than copy. */
export function transferables(result: RunOutput): ArrayBuffer[] {
  const s = result.series, t = result.timeline;
  const arrays: ArrayBufferView[] = s ? [s.timeS, s.upGpus, s.busyGpus, s.queued] : [];
  if (t) {
    const { spans: sp, outages: o, windows: w, rows: r } = t;
    arrays.push(sp.row, sp.gpuFirst, sp.gpuCount, sp.startS, sp.endS, sp.task, sp.workload, sp.end, sp.cause);
    arrays.push(o.level, o.rowFirst, o.rowEnd, o.startS, o.endS, o.planned, r.gpus, r.rack, r.site);
    arrays.push(w.decided, w.met, w.completed, w.responseSumS, w.allocatedGpuS, w.wastedGpuS, w.upGpuS, w.busyGpuS);
  }
  const buffers = arrays.map((a) => a.buffer as ArrayBuffer);
  // A buffer listed twice cannot be transferred; the series are separate copies, but be sure.
  return buffers.filter((b, i) => buffers.indexOf(b) === i);
}

/** Runs a scenario here, the error — if any — turned into data. Used by the worker and by tests. */
export async function runOutcome(scenario: Scenario, options: WorkerRunOptions = {}, onProgress?: (fraction: number) => void): Promise<RunOutcome> {
  const now = () => globalThis.performance.now();
  let catalog: PolicyTables;
  try {
    catalog = await catalogFor(options.policyModules);
  } catch (e) {
    const kind = e instanceof PolicyModuleError ? 'bad-input' : 'error';
    return { ok: false, kind, error: `a policy module failed to load: ${oneLine(e)}`, wallMs: 0 };
  }
  const t0 = now();
  try {
    const result = runScenario(scenario, {
      seed: options.seed, maxEvents: options.maxEvents, recordSeries: options.recordSeries, recordTimeline: options.recordTimeline, catalog,
      ...(onProgress ? { onProgress } : {}),
    });
    return { ok: true, result, wallMs: now() - t0 };
  } catch (e) {
    const kind = isRunFailure(e) ? 'failure' : e instanceof ScenarioError || e instanceof PolicyConfigError ? 'bad-input' : 'error';
    return { ok: false, kind, error: oneLine(e), wallMs: now() - t0 };
  }
}

/** The API a worker exposes through comlink. */
export const simWorkerApi: SimWorkerApi = {
  async run(scenario, options = {}, onProgress) {
    // Across the boundary the callback answers with a promise, and its messages travel on a
    // port of their own: the run waits for the last one to be taken before it answers, so
    // every progress event arrives before the outcome.
    let last: unknown;
    const progress = onProgress ? (f: number) => { last = onProgress(f); } : undefined;
    try {
      const out = await runOutcome(scenario, options, progress);
      await last;
      return out.ok ? Comlink.transfer(out, transferables(out.result)) : out;
    } finally {
      const release = (onProgress as unknown as { [Comlink.releaseProxy]?: () => void } | undefined)?.[Comlink.releaseProxy];
      if (typeof release === 'function') release.call(onProgress);
    }
  },
  async describe(modules) {
    try {
      return { ok: true, policies: describePolicies(await catalogFor(modules)) };
    } catch (e) {
      return { ok: false, error: `a policy module failed to load: ${oneLine(e)}` };
    }
  },
  ping: () => 'ready',
};
