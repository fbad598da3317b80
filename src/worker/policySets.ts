import { familyNames, isFamilyName, type FamilyName } from '../policies/families.ts';
import type { NamedPolicySet, PolicyRef, PolicySelection, Scenario } from '../sim/scenario/types.ts';

/** A syntax problem in a policy set such as `scheduling=fifo,backup.interval=2h`. */
export class PolicySetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicySetError';
  }
}

/** A value given on the command line: a number, true or false, or else the text itself. */
export function parseValue(text: string): unknown {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text);
  return text;
}

/**
 * Applies a policy set — comma-separated `family=name` and `family.param=value` items — on
 * top of a scenario's policy choices. `family=name` chooses that policy with its default
 * parameters (the scenario's parameters for the family are dropped); `family.param=value`
 * sets a parameter of the family's policy (the one chosen in the set, else the scenario's).
 * Values are numbers, `true`/`false`, or else text (durations such as `2h` stay text, which
 * the policy parses). The empty set keeps the scenario's choices. Throws
 * {@link PolicySetError} for bad syntax or an unknown family; whether the names and
 * parameters exist is for the caller to check (checkPolicies).
 */
export function applyPolicySet(base: PolicySelection, text: string): PolicySelection {
  const names = new Map<FamilyName, string>();
  const params: [FamilyName, string, unknown][] = [];
  const items = text.trim() === '' ? [] : text.split(',');
  for (const raw of items) {
    const item = raw.trim();
    const eq = item.indexOf('=');
    if (item === '' || eq <= 0) {
      throw new PolicySetError(`expected items "family=name" or "family.param=value" separated by commas, got ${JSON.stringify(item)}`);
    }
    const key = item.slice(0, eq).trim(), value = item.slice(eq + 1).trim();
    const dot = key.indexOf('.');
    const family = dot < 0 ? key : key.slice(0, dot);
    if (!isFamilyName(family)) throw new PolicySetError(`unknown policy family "${family}"; valid: ${familyNames.join(', ')}`);
    if (value === '') throw new PolicySetError(`"${key}" has no value`);
    if (dot < 0) {
      if (names.has(family)) throw new PolicySetError(`"${family}" is chosen twice`);
      names.set(family, value);
      continue;
    }
    const param = key.slice(dot + 1);
    if (!/^[A-Za-z_][\w-]*$/.test(param) || param === 'name') throw new PolicySetError(`"${key}": expected "${family}.<parameter>=value" with a parameter name of letters, digits, _ and -`);
    if (params.some(([f, p]) => f === family && p === param)) throw new PolicySetError(`"${key}" is set twice`);
    params.push([family, param, parseValue(value)]);
  }
  const out: Record<string, PolicyRef> = { ...(base as unknown as Record<string, PolicyRef>) };
  for (const [family, name] of names) out[family] = { name, params: {} };
  for (const [family, param, value] of params) {
    const ref = out[family];
    out[family] = { name: ref.name, params: { ...ref.params, [param]: value } };
  }
  return out as unknown as PolicySelection;
}

/** A policy selection written back as a set string (`scheduling=fifo,backup=fixed-interval,backup.interval=2h`). */
export function formatPolicySet(selection: PolicySelection): string {
  const chosen = selection as unknown as Readonly<Record<string, PolicyRef | undefined>>;
  const parts: string[] = [];
  for (const family of familyNames) {
    const ref = chosen[family];
    if (!ref) continue;
    parts.push(`${family}=${ref.name}`);
    for (const [k, v] of Object.entries(ref.params)) parts.push(`${family}.${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  }
  return parts.join(',');
}

/** The policies a scenario runs under with one of its named policy sets applied. */
export function policiesOfSet(scenario: Scenario, set: NamedPolicySet): PolicySelection {
  return { ...scenario.policies, ...set.policies };
}
