import { describe, expect, it } from 'vitest';
import { builtinPolicies, familyNames } from '../../src/policies/families.ts';
import { PolicyConfigError } from '../../src/policies/registry.ts';
import { validateScenario } from '../../src/sim/scenario/parseScenario.ts';
import { bindPolicies, checkPolicies } from '../../src/worker/bindPolicies.ts';
import { addPolicies, PolicyModuleError, policiesFromModule } from '../../src/worker/userPolicies.ts';

const backup = { family: 'backup', name: 'hourly', create: () => ({ checkpointIntervalS: () => 3600 }) };
const doc = (policies: object) => validateScenario({
  name: 't', horizon: '1h', cluster: { sites: [{ id: 'a', racks: 1, nodesPerRack: 1, node: { gpus: 1, gpu: 'H100' } }] }, policies,
});

describe('policies loaded from modules', () => {
  it('takes the default export, "policy" and "policies", each object once', () => {
    const other = { ...backup, name: 'daily' };
    const found = policiesFromModule({ default: backup, policy: backup, policies: [backup, other] }, 'm.js');
    expect(found.map((p) => [p.family, p.factory.name, p.factory.source])).toEqual([['backup', 'hourly', 'm.js'], ['backup', 'daily', 'm.js']]);
    expect(found[0].factory).toMatchObject({ description: '', params: [] });
  });

  it('adds them to their family without touching the built-in tables, and the scenario can name them', () => {
    const tables = addPolicies(builtinPolicies, policiesFromModule({ default: backup }, 'm.js'));
    expect(tables.backup.map((p) => p.name)).toEqual([...builtinPolicies.backup.map((p) => p.name), 'hourly']);
    expect(builtinPolicies.backup.some((p) => p.name === 'hourly')).toBe(false);
    for (const f of familyNames.filter((x) => x !== 'backup')) expect(tables[f]).toBe(builtinPolicies[f]);
    const s = doc({ backup: 'hourly' });
    expect(checkPolicies(s)).toEqual([{ path: 'policies.backup', message: expect.stringMatching(/^unknown policy "hourly"/) }]);
    expect(checkPolicies(s, tables)).toEqual([]);
    const set = bindPolicies(s, tables);
    expect(set.backup.name).toBe('hourly');
    expect(set.backup.checkpointIntervalS({} as never, 0)).toBe(3600);
  });

  it('builds a fresh instance for every run (create is called on each binding)', () => {
    let created = 0;
    const tables = addPolicies(builtinPolicies, policiesFromModule({ default: { ...backup, create: () => { created++; return { checkpointIntervalS: () => 1 }; } } }, 'm.js'));
    const s = doc({ backup: 'hourly' });
    expect(bindPolicies(s, tables).backup).not.toBe(bindPolicies(s, tables).backup);
    expect(created).toBe(2);
  });

  it('turns an error thrown by create into a configuration error at the family\'s field', () => {
    const tables = addPolicies(builtinPolicies, policiesFromModule({ default: { ...backup, create: () => { throw new Error('no'); } } }, 'm.js'));
    expect(() => bindPolicies(doc({ backup: 'hourly' }), tables)).toThrow(PolicyConfigError);
    expect(checkPolicies(doc({ backup: 'hourly' }), tables)).toEqual([{ path: 'policies.backup', message: 'policy "hourly" (m.js) failed to start: create() threw: no' }]);
  });

  it('rejects a parameter called "name" (the scenario uses that key for the policy)', () => {
    expect(() => policiesFromModule({ default: { ...backup, params: [{ name: 'name' }] } }, 'm.js')).toThrow(PolicyModuleError);
  });
});
