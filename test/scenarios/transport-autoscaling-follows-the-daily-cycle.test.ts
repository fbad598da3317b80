import { describe, expect, it } from 'vitest';
import { loadPreset, mean, runSets, service } from './presets.ts';
import { runScenario } from '../../src/worker/runScenario.ts';

// Transport (scenarios/transport-traffic-forecast.json): demand 0.8–7.2 requests/s over the
// day, a replica serves about 1 request/s; the service starts with 10 replicas (the peak).
const scenario = loadPreset('transport-traffic-forecast.json');
const SEEDS = [1, 2];
const PEAK = 'Fixed at the peak (10 replicas)', AUTO60 = 'Autoscaled, target 60%', AUTO80 = 'Autoscaled, target 80%';
const runs = runSets(scenario, [PEAK, AUTO60, AUTO80], SEEDS, 2_000_000);
const gpuH = (name: string) => mean(runs[name].map((r) => r.metrics.busyGpuS / 3600));

describe('Transport: autoscaling follows the daily cycle, the SLO of the peak-sized service at fewer GPU-hours', () => {
  it('fixed at the peak holds 10 GPUs all day (240 GPU-hours) and meets the SLO', () => {
    for (const r of runs[PEAK]) {
      expect(r.metrics.busyGpuS / 3600).toBeCloseTo(240, 6);
      expect(r.metrics.C).toBeGreaterThan(0.99);
    }
  });

  it('autoscaled at 60% keeps C within 0.002 of it with at most 85% of its GPU-hours, on every seed', () => {
    SEEDS.forEach((_, i) => {
      const a = runs[AUTO60][i], p = runs[PEAK][i];
      expect(a.metrics.C).toBeGreaterThan(p.metrics.C - 0.002);
      expect(a.metrics.busyGpuS).toBeLessThan(0.85 * p.metrics.busyGpuS);
      expect(service(a, 'traffic-forecast').inference.meanReadyReplicas).toBeLessThan(9);
    });
  });

  it('a target of 80% costs fewer GPU-hours still, at a little more lateness', () => {
    expect(gpuH(AUTO80)).toBeLessThan(gpuH(AUTO60) - 15);
    SEEDS.forEach((_, i) => {
      expect(runs[AUTO80][i].metrics.C).toBeLessThan(runs[AUTO60][i].metrics.C);
      expect(runs[AUTO80][i].metrics.C).toBeGreaterThan(0.99);
    });
  });

  it('fixed at the average demand (5 replicas) cannot carry the rush hour: C collapses', () => {
    const w = scenario.workloads[0];
    if (w.kind !== 'inference') throw new Error('expected the forecast service');
    const r = runScenario({ ...scenario, workloads: [{ ...w, replicas: 5, minReplicas: 5, maxReplicas: 5 }] }, { seed: 1, maxEvents: 2_000_000 });
    expect(r.metrics.C).toBeLessThan(0.5);
    expect(r.metrics.busyGpuS / 3600).toBeCloseTo(120, 6);
  });
});
