import { describe, expect, it } from 'vitest';
import { loadPreset, runSets, service } from './presets.ts';

// Finance (scenarios/finance-fraud-api.json): the east region is down from 30 min to 90 min.
const scenario = loadPreset('finance-fraud-api.json');
const SEEDS = [1, 2, 3];
const WAIT = 'Wait for the region', FAILOVER = 'Fail over to west';
const runs = runSets(scenario, [WAIT, FAILOVER], SEEDS, 1_000_000);

describe('Finance: failing over to west keeps the fraud API within its SLO through a regional outage', () => {
  it('has a 100 ms SLO, replicas pinned to east and a copy to west every 5 minutes', () => {
    const w = scenario.workloads[0];
    expect(w.kind === 'inference' && [w.sloS, w.site]).toEqual([0.1, 'east']);
    expect(scenario.cluster.sites[0].storage?.copy?.everyS).toBe(300);
  });

  it('waiting for the region loses the outage hour: availability and C under 0.5, on every seed', () => {
    for (const r of runs[WAIT]) {
      expect(service(r, 'fraud-api').inference.availability).toBeLessThan(0.5);
      expect(r.metrics.C).toBeLessThan(0.5);
    }
  });

  it('failing over is back within about 3.5 minutes (detection 30 s + start-up 3 min), C above 0.95, on every seed', () => {
    SEEDS.forEach((_, i) => {
      const w = service(runs[FAILOVER][i], 'fraud-api');
      expect(w.recovery!.meanRtoS).toBeCloseTo(30 + 180, 6);
      expect(w.inference.availability).toBeGreaterThan(0.96);
      expect(runs[FAILOVER][i].metrics.C).toBeGreaterThan(0.95);
      expect(runs[FAILOVER][i].metrics.C).toBeGreaterThan(runs[WAIT][i].metrics.C + 0.4);
    });
  });

  it('loses at most 5 minutes of data (the RPO), and the outage destroys the data stored in east', () => {
    for (const r of [...runs[WAIT], ...runs[FAILOVER]]) {
      const east = r.storage.east;
      expect(east.dataLossEvents).toBe(1);
      expect(east.copies!.outages).toBe(1);
      expect(east.copies!.maxRpoS).toBeLessThanOrEqual(300);
    }
  });
});
