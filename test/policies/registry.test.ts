import { describe, expect, it } from 'vitest';
import { PolicyConfigError, resolvePolicy, type PolicyFactory } from '../../src/policies/registry.ts';
import { schedulingPolicies } from '../../src/policies/scheduling/index.ts';
import { bindPolicies, checkPolicies } from '../../src/worker/bindPolicies.ts';
import { validateScenario } from '../../src/sim/scenario/parseScenario.ts';

type Toy = { name: string; params: Readonly<Record<string, unknown>> };
const table: PolicyFactory<Toy>[] = [
  { name: 'plain', description: '', params: [], create: (p) => ({ name: 'plain', params: p }) },
  { name: 'tuned', description: '', params: [{ name: 'alpha', description: '', type: 'number', default: 1 }, { name: 'beta', description: '', type: 'number' }], create: (p) => ({ name: 'tuned', params: p }) },
];

const catchError = (f: () => unknown): PolicyConfigError => {
  try { f(); } catch (e) { expect(e).toBeInstanceOf(PolicyConfigError); return e as PolicyConfigError; }
  throw new Error('expected a PolicyConfigError');
};

describe('resolvePolicy', () => {
  it('builds the named policy with its parameters', () => {
    expect(resolvePolicy(table, 'p', 'tuned', { alpha: 2 })).toEqual({ name: 'tuned', params: { alpha: 2 } });
  });

  it('rejects an unknown name, listing the valid ones', () => {
    const e = catchError(() => resolvePolicy(table, 'policies.x', 'nope', {}));
    expect(e.path).toBe('policies.x');
    expect(e.message).toBe('policies.x: unknown policy "nope"; valid: plain, tuned');
  });

  it('rejects an unknown parameter at its path, listing the valid ones', () => {
    const e = catchError(() => resolvePolicy(table, 'policies.x', 'tuned', { gamma: 1 }));
    expect(e.path).toBe('policies.x.gamma');
    expect(e.message).toMatch(/policy "tuned" takes no parameter "gamma"; valid: alpha, beta/);
  });

  it('says so when the policy takes no parameters', () => {
    expect(catchError(() => resolvePolicy(table, 'p', 'plain', { a: 1 })).message).toMatch(/\(it has none\)/);
  });
});

describe('bindPolicies and checkPolicies', () => {
  const doc = (scheduling: unknown) => ({
    name: 't', horizon: '1h',
    cluster: { sites: [{ id: 'a', racks: 1, nodesPerRack: 1, node: { gpus: 1, gpu: 'H100' } }] },
    policies: { scheduling },
  });

  it('binds fifo by name', () => {
    expect(bindPolicies(validateScenario(doc('fifo'))).scheduling.name).toBe('fifo');
    expect(checkPolicies(validateScenario(doc({ name: 'fifo' })))).toEqual([]);
  });

  it('reports an unknown policy as a scenario issue listing every built-in name', () => {
    const issues = checkPolicies(validateScenario(doc('round-robin')));
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('policies.scheduling');
    expect(issues[0].message).toBe(`unknown policy "round-robin"; valid: ${schedulingPolicies.map((p) => p.name).join(', ')}`);
  });

  it('reports an unknown parameter as a scenario issue at its path', () => {
    expect(checkPolicies(validateScenario(doc({ name: 'fifo', window: 3 })))).toEqual([
      { path: 'policies.scheduling.window', message: 'policy "fifo" takes no parameter "window" (it has none)' },
    ]);
  });
});
