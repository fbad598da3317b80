import type { FailoverDecision, FailoverView } from '../policy/FailoverPolicy.ts';

/**
 * What is wrong with a failover decision for a job holding `gpus` GPUs, or undefined when
 * it is valid: a known action, an existing site, a smaller whole GPU count, enough spares.
 */
export function checkFailoverDecision(d: unknown, gpus: number, view: FailoverView, spareSize: number): string | undefined {
  const expected = 'expected { "action": "restart" [, "site"] }, { "action": "wait-for-repair" }, { "action": "swap" } or { "action": "shrink", "gpus" }';
  if (typeof d !== 'object' || d === null) return expected;
  const x = d as Partial<Record<string, unknown>>;
  switch (x.action) {
    case 'restart':
      if (x.site !== undefined && !view.sites.some((s) => s.id === x.site)) return `no site ${JSON.stringify(x.site)}; sites: ${view.sites.map((s) => s.id).join(', ')}`;
      return undefined;
    case 'wait-for-repair':
      return undefined;
    case 'swap':
      if (spareSize === 0) return 'swap needs a hot-spare pool, and the policy reserves none (spareGpus)';
      if (view.spareGpusReady < view.failedGpus) return `swap needs ${view.failedGpus} spare GPUs, the pool has ${view.spareGpusReady} ready`;
      return undefined;
    case 'shrink':
      if (!Number.isInteger(x.gpus) || (x.gpus as number) < 1 || (x.gpus as number) >= gpus) return `shrink needs a whole number of GPUs from 1 to ${gpus - 1} (the job has ${gpus}), got ${JSON.stringify(x.gpus)}`;
      return undefined;
    default:
      return expected;
  }
}
