import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES } from '../../src/sim/scenario/schema.ts';
import type { PolicySelection } from '../../src/sim/scenario/types.ts';
import { applyPolicySet, formatPolicySet, parseValue, PolicySetError } from '../../src/worker/policySets.ts';

const base: PolicySelection = { ...DEFAULT_POLICIES, backup: { name: 'fixed-interval', params: { interval: '4h' } } };

describe('policy sets (compare -p)', () => {
  it('keeps the scenario\'s choices for the families it does not name, and all of them when empty', () => {
    expect(applyPolicySet(base, '')).toEqual(base);
    expect(applyPolicySet(base, 'scheduling=lifo')).toEqual({ ...base, scheduling: { name: 'lifo', params: {} } });
  });

  it('chooses a policy afresh with family=name (dropping the scenario\'s parameters), then sets family.param=value on it', () => {
    expect(applyPolicySet(base, 'backup=fixed-interval').backup).toEqual({ name: 'fixed-interval', params: {} });
    expect(applyPolicySet(base, 'backup.interval=2h,backup=young-daly').backup).toEqual({ name: 'young-daly', params: { interval: '2h' } });
  });

  it('sets a parameter on the scenario\'s own policy when the set does not choose one', () => {
    expect(applyPolicySet(base, 'backup.interval=2h').backup).toEqual({ name: 'fixed-interval', params: { interval: '2h' } });
  });

  it('reads numbers as numbers, true and false as booleans, anything else as text', () => {
    expect([parseValue('3'), parseValue('-2.5'), parseValue('1e3'), parseValue('.5'), parseValue('true'), parseValue('false'), parseValue('2h'), parseValue('0x10'), parseValue('1.2.3')])
      .toEqual([3, -2.5, 1000, 0.5, true, false, '2h', '0x10', '1.2.3']);
  });

  it('trims spaces around items', () => {
    expect(applyPolicySet(base, ' scheduling = fifo , backup.interval = 30m ')).toEqual({ ...base, scheduling: { name: 'fifo', params: {} }, backup: { name: 'fixed-interval', params: { interval: '30m' } } });
  });

  it.each([
    ['fifo', /expected items "family=name"/],
    ['=fifo', /expected items/],
    ['scheduling=fifo,', /expected items .*got ""/],
    ['compress=x', /unknown policy family "compress"; valid: scheduling, failover, backup/],
    ['backup=', /"backup" has no value/],
    ['backup=none,backup=young-daly', /"backup" is chosen twice/],
    ['backup.a=1,backup.a=2', /"backup.a" is set twice/],
    ['backup.name=x', /expected "backup.<parameter>=value"/],
    ['backup.=x', /expected "backup.<parameter>=value"/],
  ])('rejects %j', (text, message) => {
    expect(() => applyPolicySet(base, text)).toThrow(PolicySetError);
    expect(() => applyPolicySet(base, text)).toThrow(message);
  });

  it('writes a selection back as a set that gives it again', () => {
    const text = formatPolicySet(base);
    expect(text).toBe('scheduling=fifo,failover=restart-from-checkpoint,backup=fixed-interval,backup.interval=4h,compression=none,autoscaling=none');
    expect(applyPolicySet(DEFAULT_POLICIES, text)).toEqual(base);
  });
});
