/**
 * The table of policy families (src/sim/scenario/policyFamilies.ts) is the single source of
 * the families: the scenario schema and defaults, the built-in registries, the worker's
 * binding, policy sets and module checks, the UI's labels and the docs all follow it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinPolicies, familyNames, isFamilyName, policyFamilies } from '../../src/policies/families.ts';
import { PolicyConfigError } from '../../src/policies/registry.ts';
import { byFamily, isPolicyFamilyName, POLICY_FAMILIES, POLICY_FAMILY_NAMES } from '../../src/sim/scenario/policyFamilies.ts';
import { ScenarioError } from '../../src/sim/scenario/formatIssue.ts';
import { validateScenario } from '../../src/sim/scenario/parseScenario.ts';
import { DEFAULT_POLICIES } from '../../src/sim/scenario/schema.ts';
import { TOUR_STEPS } from '../../src/ui/app/createTour.ts';
import { bindPolicies } from '../../src/worker/bindPolicies.ts';
import { describePolicies, familyDescription, familyLabel } from '../../src/worker/catalog.ts';
import { applyPolicySet, formatPolicySet } from '../../src/worker/policySets.ts';
import { addPolicies, policiesFromModule } from '../../src/worker/userPolicies.ts';

const doc = (extra: object) => ({
  name: 't', horizon: '1h', cluster: { sites: [{ id: 'a', racks: 1, nodesPerRack: 1, node: { gpus: 1, gpu: 'H100' } }] }, ...extra,
});

/** The issues of a document the schema rejects. */
function issuesOf(d: object): { path: string; message: string }[] {
  try {
    validateScenario(d);
  } catch (e) {
    if (e instanceof ScenarioError) return [...e.issues];
    throw e;
  }
  throw new Error('expected the scenario to be rejected');
}

/** An instance of a family with every method it needs (and its optional ones), each a stub. */
const stubOf = (f: (typeof POLICY_FAMILY_NAMES)[number]) => Object.fromEntries([...POLICY_FAMILIES[f].methods, ...POLICY_FAMILIES[f].optionalMethods].map((m) => [m, () => undefined]));

describe('the table of policy families', () => {
  it('lists the families in order, each with a label, what it decides, a default and the methods the model calls', () => {
    expect(POLICY_FAMILY_NAMES).toEqual(['scheduling', 'failover', 'backup', 'compression', 'autoscaling']);
    for (const f of POLICY_FAMILY_NAMES) {
      const info = POLICY_FAMILIES[f];
      expect(info.label).not.toBe('');
      expect(info.decides.length).toBeGreaterThan(10);
      expect(info.methods.length).toBeGreaterThan(0);
      expect(isPolicyFamilyName(f)).toBe(true);
    }
    expect(isPolicyFamilyName('routing')).toBe(false);
    expect(isPolicyFamilyName('constructor')).toBe(false);
  });

  it('every family has a built-in registry holding its default, and every built-in has the family\'s methods', () => {
    expect(familyNames).toEqual(POLICY_FAMILY_NAMES);
    expect(Object.keys(builtinPolicies)).toEqual([...POLICY_FAMILY_NAMES]);
    expect(Object.keys(policyFamilies)).toEqual([...POLICY_FAMILY_NAMES]);
    for (const f of POLICY_FAMILY_NAMES) {
      expect(isFamilyName(f)).toBe(true);
      expect(policyFamilies[f].policies).toBe(builtinPolicies[f]);
      expect(policyFamilies[f].methods).toEqual(POLICY_FAMILIES[f].methods);
      expect(builtinPolicies[f].map((p) => p.name), f).toContain(POLICY_FAMILIES[f].defaultPolicy);
      expect(() => builtinPolicies[f].find((p) => p.name === POLICY_FAMILIES[f].defaultPolicy)!.create({})).not.toThrow();
      for (const p of builtinPolicies[f]) {
        let inst: Record<string, unknown>;
        try {
          inst = p.create({}) as unknown as Record<string, unknown>;
        } catch (e) {
          if (e instanceof PolicyConfigError) continue; // a policy with a required parameter (replicate's `to`)
          throw e;
        }
        for (const m of POLICY_FAMILIES[f].methods) expect(typeof inst[m], `${f}/${p.name}.${m}`).toBe('function');
        for (const m of POLICY_FAMILIES[f].optionalMethods) expect(['function', 'undefined'], `${f}/${p.name}.${m}`).toContain(typeof inst[m]);
      }
    }
  });

  it('a scenario naming no policies gets each family\'s default, and binding builds one instance per family', () => {
    expect(DEFAULT_POLICIES).toEqual(byFamily((f) => ({ name: POLICY_FAMILIES[f].defaultPolicy, params: {} })));
    const s = validateScenario(doc({}));
    expect(s.policies).toEqual(DEFAULT_POLICIES);
    expect(Object.keys(s.policies)).toEqual([...POLICY_FAMILY_NAMES]);
    const set = bindPolicies(s) as unknown as Record<string, { name: string }>;
    expect(Object.keys(set)).toEqual([...POLICY_FAMILY_NAMES]);
    for (const f of POLICY_FAMILY_NAMES) expect(set[f].name).toBe(POLICY_FAMILIES[f].defaultPolicy);
  });

  it('the schema\'s `policies` and `policySets` take exactly the families of the table', () => {
    const all = byFamily((f) => POLICY_FAMILIES[f].defaultPolicy);
    expect(validateScenario(doc({ policies: all })).policies).toEqual(DEFAULT_POLICIES);
    const sets = POLICY_FAMILY_NAMES.map((f) => ({ name: f, policies: { [f]: POLICY_FAMILIES[f].defaultPolicy } }));
    expect(validateScenario(doc({ policySets: sets })).policySets.map((x) => Object.keys(x.policies))).toEqual(POLICY_FAMILY_NAMES.map((f) => [f]));
    expect(issuesOf(doc({ policies: { routing: 'x' } })).map((i) => i.path)).toEqual(['policies.routing']);
    expect(issuesOf(doc({ policySets: [{ name: 'x', policies: { routing: 'x' } }] })).map((i) => i.path)).toEqual(['policySets[0].policies.routing']);
  });

  it('`-p` policy sets take every family of the table and only those', () => {
    const text = POLICY_FAMILY_NAMES.map((f) => `${f}=${POLICY_FAMILIES[f].defaultPolicy}`).join(',');
    expect(applyPolicySet(DEFAULT_POLICIES, text)).toEqual(DEFAULT_POLICIES);
    expect(formatPolicySet(DEFAULT_POLICIES)).toBe(text);
    expect(() => applyPolicySet(DEFAULT_POLICIES, 'routing=x')).toThrow(`unknown policy family "routing"; valid: ${POLICY_FAMILY_NAMES.join(', ')}`);
  });

  it('a policy module may add a policy to every family, and its instances are checked for the table\'s methods', () => {
    for (const f of POLICY_FAMILY_NAMES) {
      const [good] = policiesFromModule({ default: { family: f, name: 'mine', create: () => stubOf(f) } }, 'm.js');
      expect(good.family).toBe(f);
      const tables = addPolicies(builtinPolicies, [good]);
      expect(tables[f].at(-1)!.name).toBe('mine');
      expect(() => good.factory.create({})).not.toThrow();
      const [bad] = policiesFromModule({ default: { family: f, name: 'hollow', create: () => ({}) } }, 'm.js');
      expect(() => bad.factory.create({})).toThrow(`create() returned an object without ${POLICY_FAMILIES[f].methods[0]}()`);
      for (const m of POLICY_FAMILIES[f].optionalMethods) {
        const [odd] = policiesFromModule({ default: { family: f, name: 'odd', create: () => ({ ...stubOf(f), [m]: 3 }) } }, 'm.js');
        expect(() => odd.factory.create({})).toThrow(`${m} is number 3, not a function`);
      }
    }
  });

  it('the catalog (list policies, the UI) describes and labels every family from the table', () => {
    expect(Object.keys(describePolicies())).toEqual([...POLICY_FAMILY_NAMES]);
    for (const f of POLICY_FAMILY_NAMES) {
      expect(familyDescription(f)).toBe(POLICY_FAMILIES[f].decides);
      expect(familyLabel(f)).toBe(POLICY_FAMILIES[f].label);
    }
    const tour = TOUR_STEPS.find((s) => s.selector === '.app-runs')!.text;
    for (const f of POLICY_FAMILY_NAMES) expect(tour).toContain(f);
  });

  it('the docs give every family of the table its default and its methods', () => {
    const format = readFileSync(new URL('../../docs/scenario-format.md', import.meta.url), 'utf8');
    const defaults = format.split('\n').find((l) => l.startsWith('| `policies` |'))!;
    for (const f of POLICY_FAMILY_NAMES) expect(defaults).toContain(`"${f}": "${POLICY_FAMILIES[f].defaultPolicy}"`);
    const writing = readFileSync(new URL('../../docs/writing-policies.md', import.meta.url), 'utf8');
    for (const f of POLICY_FAMILY_NAMES) {
      const row = writing.split('\n').find((l) => l.startsWith(`| ${f} |`));
      expect(row, f).toBeDefined();
      for (const m of [...POLICY_FAMILIES[f].methods, ...POLICY_FAMILIES[f].optionalMethods]) expect(row).toContain(`\`${m}(`);
    }
  });
});
