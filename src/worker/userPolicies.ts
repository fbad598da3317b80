import { familyNames, isFamilyName, type FamilyName, type PolicyTables } from '../policies/families.ts';
import { POLICY_FAMILIES } from '../sim/scenario/policyFamilies.ts';
import { PolicyConfigError, type ParamSpec, type PolicyFactory } from '../policies/registry.ts';

/** A problem with a policy module: its shape, its family, or a name it shares with another policy. */
export class PolicyModuleError extends Error {
  constructor(readonly source: string, message: string) {
    super(`${source}: ${message}`);
    this.name = 'PolicyModuleError';
  }
}

/** A policy loaded from a module: a factory of one family. */
export interface UserPolicy {
  readonly family: FamilyName;
  readonly factory: PolicyFactory<unknown>;
}

const EXPECTED = 'expected an export { family, name, create } (the default export, or an export named "policy", or a list named "policies")';

const describe = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'function' ? 'a function' : typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;

/**
 * The policies a module exports. The module's default export, its export `policy`, or its
 * export `policies` (a list) — any of them — is a policy object:
 * `{ family, name, description?, params?, create(params) }`, a {@link PolicyFactory} with the
 * name of its family. Throws {@link PolicyModuleError} naming `source` when the shape is wrong.
 */
export function policiesFromModule(exports: Readonly<Record<string, unknown>>, source: string): UserPolicy[] {
  const found: unknown[] = [];
  for (const key of ['default', 'policy', 'policies'] as const) {
    const v = exports[key];
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) if (!found.includes(item)) found.push(item);
  }
  if (found.length === 0) {
    const names = Object.keys(exports);
    throw new PolicyModuleError(source, `${EXPECTED}; the module exports ${names.length ? names.map((n) => `"${n}"`).join(', ') : 'nothing'}`);
  }
  return found.map((item) => checkPolicy(item, source));
}

function checkPolicy(item: unknown, source: string): UserPolicy {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new PolicyModuleError(source, `${EXPECTED}; got ${describe(item)}`);
  }
  const o = item as Record<string, unknown>;
  const missing = ['family', 'name', 'create'].filter((k) => o[k] === undefined);
  if (missing.length > 0) {
    throw new PolicyModuleError(source, `${EXPECTED}; ${missing.map((k) => `"${k}"`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing`);
  }
  if (typeof o.name !== 'string' || o.name.trim() === '') throw new PolicyModuleError(source, `"name" must be a non-empty text, got ${describe(o.name)}`);
  const name = o.name;
  const where = `policy "${name}"`;
  if (typeof o.family !== 'string' || !isFamilyName(o.family)) {
    throw new PolicyModuleError(source, `${where}: unknown family ${JSON.stringify(o.family)}; valid: ${familyNames.join(', ')}`);
  }
  if (typeof o.create !== 'function') throw new PolicyModuleError(source, `${where}: "create" must be a function create(params) that returns the policy, got ${describe(o.create)}`);
  if (o.description !== undefined && typeof o.description !== 'string') throw new PolicyModuleError(source, `${where}: "description" must be a text, got ${describe(o.description)}`);
  if (o.params !== undefined && !Array.isArray(o.params)) throw new PolicyModuleError(source, `${where}: "params" must be a list of { name, type, description, default }, got ${describe(o.params)}`);
  const params = ((o.params ?? []) as unknown[]).map((p, i): ParamSpec => {
    const at = `${where}: params[${i}]`;
    if (typeof p !== 'object' || p === null) throw new PolicyModuleError(source, `${at}: expected { name, type, description, default }, got ${describe(p)}`);
    const q = p as Record<string, unknown>;
    if (typeof q.name !== 'string' || q.name === '' || q.name === 'name') throw new PolicyModuleError(source, `${at}: "name" must be a non-empty text other than "name", got ${describe(q.name)}`);
    for (const k of ['type', 'description'] as const) {
      if (q[k] !== undefined && typeof q[k] !== 'string') throw new PolicyModuleError(source, `${at}: "${k}" must be a text, got ${describe(q[k])}`);
    }
    return { name: q.name, type: (q.type as string | undefined) ?? 'any', description: (q.description as string | undefined) ?? '', ...('default' in q ? { default: q.default } : {}) };
  });
  const family = o.family;
  const create = o.create as (params: Readonly<Record<string, unknown>>) => unknown;
  const factory: PolicyFactory<unknown> = {
    name,
    description: (o.description as string | undefined) ?? '',
    params,
    source,
    create: (values) => checkInstance(family, name, source, callCreate(create, item, values, family, name, source)),
  };
  return { family, factory };
}

function callCreate(create: (p: Readonly<Record<string, unknown>>) => unknown, self: unknown, values: Readonly<Record<string, unknown>>, family: FamilyName, name: string, source: string): unknown {
  try {
    return create.call(self, values);
  } catch (e) {
    if (e instanceof PolicyConfigError) throw e;
    throw new PolicyConfigError(`policies.${family}`, `policy "${name}" (${source}) failed to start: create() threw: ${(e as Error)?.message ?? String(e)}`);
  }
}

/** Checks that a created policy has the methods its family needs, and gives it its name if it has none. */
function checkInstance(family: FamilyName, name: string, source: string, inst: unknown): unknown {
  const methods: readonly string[] = POLICY_FAMILIES[family].methods;
  const optional: readonly string[] = POLICY_FAMILIES[family].optionalMethods;
  const needs = `an object with ${methods.map((m) => `${m}()`).join(', ')}${optional.length ? ` (and optionally ${optional.map((m) => `${m}()`).join(', ')})` : ''}`;
  if (typeof inst !== 'object' || inst === null) {
    throw new PolicyConfigError(`policies.${family}`, `policy "${name}" (${source}): create() returned ${describe(inst)}; expected ${needs}`);
  }
  const o = inst as Record<string, unknown>;
  for (const m of methods) {
    if (typeof o[m] !== 'function') throw new PolicyConfigError(`policies.${family}`, `policy "${name}" (${source}): create() returned an object without ${m}(); expected ${needs}`);
  }
  for (const m of optional) {
    if (o[m] !== undefined && typeof o[m] !== 'function') throw new PolicyConfigError(`policies.${family}`, `policy "${name}" (${source}): create() returned an object whose ${m} is ${describe(o[m])}, not a function; expected ${needs}`);
  }
  if (typeof o.name !== 'string' && Object.isExtensible(o)) Object.defineProperty(o, 'name', { value: name, enumerable: true });
  return inst;
}

/**
 * The tables with the loaded policies added to their families. A name already taken in its
 * family — by a built-in or by a policy from another module — is a {@link PolicyModuleError}.
 */
export function addPolicies(tables: PolicyTables, loaded: readonly UserPolicy[]): PolicyTables {
  const out: Record<string, readonly PolicyFactory<unknown>[]> = { ...tables };
  for (const { family, factory } of loaded) {
    const source = factory.source ?? '(module)';
    const clash = out[family].find((f) => f.name === factory.name);
    if (clash) {
      const other = clash.source === undefined ? `the built-in ${family} policy "${clash.name}"` : `the ${family} policy "${clash.name}" from ${clash.source}`;
      throw new PolicyModuleError(source, `policy "${factory.name}": the name is taken by ${other}; choose another name`);
    }
    out[family] = [...out[family], factory];
  }
  return out as unknown as PolicyTables;
}
