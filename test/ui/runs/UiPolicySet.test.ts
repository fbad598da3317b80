import { describe, expect, it } from 'vitest';
import { fromNamedSet, initialSets, policiesOf, setText } from '../../../src/ui/runs/UiPolicySet.ts';
import { DEFAULT_POLICIES } from '../../../src/sim/scenario/schema.ts';

describe('policy sets in the runs panel', () => {
  it('read a preset\'s named set into choices and parameters, and back into the command line syntax', () => {
    const set = fromNamedSet({ name: 'daly', policies: { backup: { name: 'fixed-interval', params: { interval: '2h' } }, scheduling: { name: 'sjf', params: {} } } });
    expect(set).toEqual({ name: 'daly', choices: { backup: 'fixed-interval', scheduling: 'sjf' }, params: 'backup.interval=2h' });
    expect(setText(set)).toBe('backup=fixed-interval,scheduling=sjf,backup.interval=2h');
  });

  it('apply on top of the scenario\'s policies, keeping the families they leave out', () => {
    const p = policiesOf(DEFAULT_POLICIES, { name: 'x', choices: { backup: 'fixed-interval' }, params: 'backup.interval=2h' });
    expect(p.backup).toEqual({ name: 'fixed-interval', params: { interval: '2h' } });
    expect(p.scheduling).toEqual(DEFAULT_POLICIES.scheduling);
  });

  it('start from a scenario\'s own sets, or from its policies and one alternative', () => {
    expect(initialSets([])).toHaveLength(2);
    const five = Array.from({ length: 5 }, (_, i) => ({ name: `s${i}`, policies: {} }));
    expect(initialSets(five).map((s) => s.name)).toEqual(['s0', 's1', 's2', 's3']);
  });
});
