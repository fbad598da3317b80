import { describe, expect, it } from 'vitest';
import { cli, smallScenario, tempDir } from './support.ts';

const tmp = tempDir('dcsim-policy-sets-');

const withSets = (policySets: unknown) => smallScenario({
  horizon: '2d',
  workloads: [{ kind: 'training', id: 'job', gpus: 4, work: '1d', checkpoint: { cost: '2m', restart: '5m' } }],
  failures: [{ target: 'node', mtbf: '8h', repair: { exponential: { mean: '1h' } } }],
  policySets,
});

describe('a scenario\'s own policy sets', () => {
  it('are what compare runs when no -p is given, each on top of the scenario\'s policies', async () => {
    const file = tmp.file('sets.json', withSets([
      { name: 'no checkpoints', policies: { backup: 'none' } },
      { name: 'every 2 h', policies: { backup: { name: 'fixed-interval', interval: '2h' } } },
    ]));
    const r = await cli('compare', file, '--reps', '2', '--json');
    expect(r.err).toBe('');
    const d = JSON.parse(r.out);
    expect(d.sets.map((s: { label: string }) => s.label)).toEqual(['no checkpoints', 'every 2 h']);
    expect(d.sets[1].policies.backup).toEqual({ name: 'fixed-interval', params: { interval: '2h' } });
    expect(d.sets[1].policies.scheduling).toEqual({ name: 'fifo', params: {} });
  });

  it('are checked when the scenario is: an unknown policy is an error at its field, listing the valid names', async () => {
    const file = tmp.file('bad.json', withSets([{ name: 'a', policies: { backup: 'none' } }, { name: 'b', policies: { backup: 'nightly' } }]));
    const r = await cli('validate', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/policySets\[1\]\.policies\.backup: unknown policy "nightly"; valid: none, fixed-interval, young-daly/);
  });

  it('need distinct names and known families', async () => {
    const twice = await cli('validate', tmp.file('twice.json', withSets([{ name: 'a', policies: {} }, { name: 'a', policies: {} }])));
    expect(twice.err).toMatch(/policySets\[1\]\.name: policy set "a" is named twice/);
    const family = await cli('validate', tmp.file('family.json', withSets([{ name: 'a', policies: { routing: 'x' } }])));
    expect(family.code).toBe(2);
    expect(family.err).toMatch(/policySets\[0\]\.policies\.routing: unknown field/);
  });
});
