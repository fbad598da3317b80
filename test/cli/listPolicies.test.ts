import { describe, expect, it } from 'vitest';
import { policyFamilies } from '../../src/policies/families.ts';
import { POLICY_FAMILIES, POLICY_FAMILY_NAMES } from '../../src/sim/scenario/policyFamilies.ts';
import { cli, tempDir } from './support.ts';

const tmp = tempDir('dcsim-list-');

describe('dcsim list policies', () => {
  it('--json gives every family, each with every built-in policy of its table, description and parameters', async () => {
    const r = await cli('list', 'policies', '--json');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const d = JSON.parse(r.out);
    expect(Object.keys(d)).toEqual(Object.keys(policyFamilies));
    for (const [family, { policies }] of Object.entries(policyFamilies)) {
      expect(d[family]).toHaveLength(policies.length);
      policies.forEach((p, i) => {
        expect(d[family][i]).toEqual({
          name: p.name,
          description: p.description,
          params: p.params.map((q) => ({ name: q.name, type: q.type, description: q.description, ...(q.default === undefined ? {} : { default: q.default }) })),
        });
      });
    }
    expect(d.backup.find((p: { name: string }) => p.name === 'fixed-interval').params).toEqual([
      { name: 'interval', type: 'duration > 0', description: expect.any(String), default: '1h' },
    ]);
  });

  it('prints a readable list: each family, each policy with its description, each parameter with type, default and meaning', async () => {
    const r = await cli('list', 'policies');
    expect(r.code).toBe(0);
    for (const [family, { policies }] of Object.entries(policyFamilies)) {
      expect(r.out).toMatch(new RegExp(`^${family} — `, 'm'));
      for (const p of policies) expect(r.out).toMatch(new RegExp(`^  ${p.name}$`, 'm'));
    }
    expect(r.out).toMatch(/^  fixed-interval\n    Checkpoint after every .*\n(    .*\n)*    parameters:\n      interval \(duration > 0; default "1h"\): computation between two checkpoints$/m);
    expect(r.out).toMatch(/^    parameters: none$/m);
    for (const line of r.out.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('lists every family of the policy family table, in its order, with what it decides', async () => {
    expect(Object.keys(JSON.parse((await cli('list', 'policies', '--json')).out))).toEqual([...POLICY_FAMILY_NAMES]);
    const text = (await cli('list', 'policies')).out;
    const heads = text.split('\n').filter((l) => /^\w+ — /.test(l));
    expect(heads).toEqual(POLICY_FAMILY_NAMES.map((f) => `${f} — ${POLICY_FAMILIES[f].decides}`));
  });

  it('includes the policies of --policy-module, with where they come from', async () => {
    const mod = tmp.file('p.js', `export default { family: 'backup', name: 'every-ten-minutes', description: 'checkpoint every 600 s', create: () => ({ checkpointIntervalS: () => 600 }) };`);
    const r = await cli('list', 'policies', '--json', '--policy-module', mod);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).backup.at(-1)).toEqual({ name: 'every-ten-minutes', description: 'checkpoint every 600 s', params: [], source: mod });
    expect((await cli('list', 'policies', '--policy-module', mod)).out).toMatch(/^  every-ten-minutes  \(from .*p\.js\)$/m);
  });

  it('rejects anything else to list with exit 2', async () => {
    const r = await cli('list', 'scenarios');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/'scenarios' is invalid for argument 'what'\. Allowed choices are policies/);
  });
});
