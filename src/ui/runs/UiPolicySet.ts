import type { FamilyName } from '../../worker/catalog.ts';
import { applyPolicySet } from '../../worker/policySets.ts';
import type { NamedPolicySet, PolicySelection } from '../../sim/scenario/types.ts';

/**
 * A policy set as the runs panel edits it: a name, the policy chosen per family (families
 * left out keep the scenario's choice), and extra parameters in the command line's syntax
 * (`backup.interval=2h,scheduling.reserve=4`). Plain data: it goes into shared links.
 */
export interface UiPolicySet {
  readonly name: string;
  readonly choices: Readonly<Partial<Record<FamilyName, string>>>;
  readonly params: string;
}

/** The set as one `dcsim compare -p` text. */
export function setText(set: UiPolicySet): string {
  const items = Object.entries(set.choices).filter(([, name]) => name).map(([family, name]) => `${family}=${name}`);
  if (set.params.trim() !== '') items.push(...set.params.split(',').map((p) => p.trim()).filter((p) => p !== ''));
  return items.join(',');
}

/** The policies a scenario runs under with the set applied; throws PolicySetError for bad syntax. */
export function policiesOf(base: PolicySelection, set: UiPolicySet): PolicySelection {
  return applyPolicySet(base, setText(set));
}

const valueText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** A scenario's named policy set (a preset's) as the panel edits it. */
export function fromNamedSet(set: NamedPolicySet): UiPolicySet {
  const choices: Partial<Record<FamilyName, string>> = {};
  const params: string[] = [];
  for (const [family, ref] of Object.entries(set.policies)) {
    if (!ref) continue;
    choices[family as FamilyName] = ref.name;
    for (const [k, v] of Object.entries(ref.params)) params.push(`${family}.${k}=${valueText(v)}`);
  }
  return { name: set.name, choices, params: params.join(',') };
}

/** The sets to start with for a scenario: its own (up to four), else its policies and one alternative. */
export function initialSets(sets: readonly NamedPolicySet[]): UiPolicySet[] {
  if (sets.length >= 2) return sets.slice(0, 4).map(fromNamedSet);
  const own = sets.length === 1 ? [fromNamedSet(sets[0])] : [{ name: 'scenario policies', choices: {}, params: '' }];
  return [...own, { name: 'shortest job first', choices: { scheduling: 'sjf' }, params: '' }];
}
