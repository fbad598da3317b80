import { describe, expect, it } from 'vitest';
import { loadPreset, mean, runSets, training } from './presets.ts';

// Llama 3 405B pre-training (scenarios/llama3-pretraining.json): the failure mix of Dubey et
// al. 2024, Table 5, on 16,384 GPUs for 54 days, under three checkpointing policies. A run
// takes 1–2 s, so the story is checked on two seeds.
const scenario = loadPreset('llama3-pretraining.json');
const SEEDS = [1, 2];
const SETS = ['Hourly checkpoints', 'Young/Daly interval', 'Tiered: in memory every 10 min, to storage every hour'] as const;
const [hourly, youngDaly, tiered] = SETS;
const runs = runSets(scenario, SETS, SEEDS, 200_000);

describe('Llama 3 pre-training: the checkpoint interval decides the goodput', () => {
  it('is the published run: 16,384 GPUs of a 16,640-GPU cluster, 54 days, a 6.5 TB checkpoint', () => {
    const site = scenario.cluster.sites[0];
    expect(site.racks * site.nodesPerRack * site.node.gpus).toBe(16_640);
    const job = scenario.workloads[0];
    expect(job.kind === 'training' && job.gpus).toBe(16_384);
    expect(scenario.horizonS).toBe(54 * 86_400);
    expect(scenario.policySets.map((s) => s.name)).toEqual(SETS);
  });

  it('sees about the 419 unexpected and 47 planned interruptions of the paper, by cause', () => {
    for (const r of runs[youngDaly]) {
      const by = r.interruptions.byCause;
      const unexpected = by.gpu + by.node + by.uplink;
      // Poisson counts: 419 ± about 3 standard deviations (√419 ≈ 20); fewer strike while the job is down.
      expect(unexpected).toBeGreaterThan(419 - 70);
      expect(unexpected).toBeLessThan(419 + 60);
      expect(by.gpu).toBeGreaterThan(by.node); // 268 GPU causes against 116 host and software ones
      expect(by.node).toBeGreaterThan(by.uplink); // against 35 switch and cable faults
      expect(r.interruptions.planned).toBeGreaterThanOrEqual(40);
      expect(r.interruptions.planned).toBeLessThanOrEqual(47);
    }
  });

  it('every policy sees the same failures on a seed (common random numbers)', () => {
    SEEDS.forEach((_, i) => {
      expect(runs[hourly][i].failures).toEqual(runs[youngDaly][i].failures);
      expect(runs[tiered][i].failures).toEqual(runs[youngDaly][i].failures);
    });
  });

  it('Young/Daly beats tiered, which beats hourly checkpoints, on goodput and lost GPU-hours, on every seed', () => {
    SEEDS.forEach((_, i) => {
      const g = (name: string) => training(runs[name][i], 'llama3-405b').training.goodput!;
      expect(g(youngDaly)).toBeGreaterThan(g(tiered) + 0.02);
      expect(g(tiered)).toBeGreaterThan(g(hourly) + 0.05);
      expect(runs[youngDaly][i].metrics.lostGpuS).toBeLessThan(runs[tiered][i].metrics.lostGpuS);
      expect(runs[tiered][i].metrics.lostGpuS).toBeLessThan(runs[hourly][i].metrics.lostGpuS);
      // C of a training-only scenario is the job's goodput.
      expect(runs[youngDaly][i].metrics.C).toBeCloseTo(g(youngDaly), 12);
    });
  });

  it('Young/Daly comes close to the paper\'s "higher than 90% effective training time"; hourly checkpoints lose about a quarter', () => {
    const g = (name: string) => mean(runs[name].map((r) => training(r, 'llama3-405b').training.goodput!));
    expect(g(youngDaly)).toBeGreaterThan(0.88);
    expect(g(youngDaly)).toBeLessThan(0.93);
    expect(g(hourly)).toBeGreaterThan(0.7);
    expect(g(hourly)).toBeLessThan(0.8);
  });
});
