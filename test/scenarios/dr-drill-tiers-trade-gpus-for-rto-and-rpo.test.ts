import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/sim/model/RunResult.ts';
import type { Scenario } from '../../src/sim/scenario/types.ts';
import { loadPreset, runSets, service } from './presets.ts';

// The disaster-recovery drill: four presets, one per DR strategy, the same drill (the primary
// site down from 6:00 to 10:00 of a 12-hour run).
const TIERS = ['dr-drill-1-backup-restore.json', 'dr-drill-2-pilot-light.json', 'dr-drill-3-warm-standby.json', 'dr-drill-4-active-active.json'] as const;
const SEEDS = [1, 2];
const FAILOVER = 'Fail over to the DR site', WAIT = 'Wait for the primary';
const scenarios = TIERS.map((f) => loadPreset(f));
const runs = scenarios.map((s) => runSets(s, [FAILOVER, WAIT], SEEDS, 1_000_000));

/** GPUs the strategy keeps running in the DR site before any disaster: replicas beyond what the primary holds. */
function standingDrGpus(s: Scenario): number {
  const w = s.workloads[0];
  if (w.kind !== 'inference') throw new Error('expected the assistant service');
  if (w.site === 'primary') return 0;
  const primary = s.cluster.sites.find((x) => x.id === 'primary')!;
  return Math.max(0, w.replicas * w.gpusPerReplica - primary.racks * primary.nodesPerRack * primary.node.gpus);
}
/** Seconds the service had no replica ready. */
const downtimeS = (r: RunResult) => (1 - service(r, 'assistant').inference.availability) * r.metrics.endS;
const rpoS = (r: RunResult) => r.storage.primary.copies!.maxRpoS!;

describe('DR drill: backup-restore, pilot light, warm standby and active-active trade DR GPUs for RTO and RPO', () => {
  it('runs the same drill in each: the same service, demand and outage', () => {
    for (const s of scenarios) {
      expect(s.failures).toEqual(scenarios[0].failures);
      expect(s.horizonS).toBe(12 * 3600);
      const w = s.workloads[0];
      const w0 = scenarios[0].workloads[0];
      expect(w.kind === 'inference' && [w.arrivalRatePerS, w.rateShape, w.sloS, w.queueLimit]).toEqual(
        w0.kind === 'inference' && [3.5, w0.rateShape, 10, 20]);
    }
  });

  it('costs 0, 0, 4 and 8 standing DR GPUs', () => {
    expect(scenarios.map(standingDrGpus)).toEqual([0, 0, 4, 8]);
  });

  it('achieves an RPO of 6 h, 5 min, 5 min and 1 min (the newest copy in the DR site when the primary went down)', () => {
    const expected = [6 * 3600, 300, 300, 60];
    runs.forEach((byset, k) => { for (const r of [...byset[FAILOVER], ...byset[WAIT]]) expect(rpoS(r)).toBeLessThanOrEqual(expected[k]); });
    expect(rpoS(runs[0][FAILOVER][0])).toBeGreaterThan(5 * 3600);
  });

  it('failing over, the service is down about 3 h, about 20 min, then never: downtime falls and C rises tier by tier, on every seed', () => {
    SEEDS.forEach((_, i) => {
      const down = runs.map((byset) => downtimeS(byset[FAILOVER][i]));
      expect(down[0]).toBeGreaterThan(2.9 * 3600);
      expect(down[0]).toBeLessThan(3.2 * 3600);
      expect(down[1]).toBeGreaterThan(19 * 60);
      expect(down[1]).toBeLessThan(25 * 60);
      expect(down[2]).toBe(0);
      expect(down[3]).toBe(0);
      const C = runs.map((byset) => byset[FAILOVER][i].metrics.C);
      expect(C[0]).toBeLessThan(C[1]);
      expect(C[1]).toBeLessThan(C[2]);
      expect(C[2]).toBeLessThanOrEqual(C[3]);
      expect(C[3]).toBeGreaterThan(0.999);
    });
  });

  it('warm standby turns some requests away until its extra replicas start; active-active turns none away', () => {
    SEEDS.forEach((_, i) => {
      expect(service(runs[2][FAILOVER][i], 'assistant').inference.dropped).toBeGreaterThan(0);
      expect(service(runs[3][FAILOVER][i], 'assistant').inference.dropped).toBe(0);
    });
  });

  it('waiting for the primary is worse for backup-restore and pilot light, and makes no difference to warm standby and active-active', () => {
    SEEDS.forEach((_, i) => {
      for (const k of [0, 1]) expect(runs[k][WAIT][i].metrics.C).toBeLessThan(runs[k][FAILOVER][i].metrics.C - 0.1);
      for (const k of [2, 3]) {
        expect(runs[k][WAIT][i].metrics.C).toBeCloseTo(runs[k][FAILOVER][i].metrics.C, 3);
        expect(downtimeS(runs[k][WAIT][i])).toBe(0);
      }
    });
  });
});
