/** A problem found in a scenario, at a field path such as `workloads[0].arrival.poisson.rate`. */
export interface ScenarioIssue {
  /** Dotted path of the offending field ("" for the document itself). */
  readonly path: string;
  /** What was wrong and what was expected. */
  readonly message: string;
}

/** Thrown when a scenario does not validate; `issues` lists every problem found. */
export class ScenarioError extends Error {
  constructor(readonly issues: readonly ScenarioIssue[], readonly source = 'scenario') {
    super(issues.map((i) => `${source}: ${i.path || '(document)'}: ${i.message}`).join('\n'));
    this.name = 'ScenarioError';
  }
}

/** Joins path segments as `a.b[0].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else if (typeof p !== 'string' || !/^[A-Za-z_$][\w$-]*$/.test(p)) s += `[${JSON.stringify(String(p))}]`;
    else s += s === '' ? p : `.${p}`;
  }
  return s;
}

/** Describes a value for an error message: `"fast"`, `-3`, `an object`, `nothing`. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v);
  return String(v);
}

/** A zod issue, reduced to the fields the formatter reads. */
export interface RawIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly input?: unknown;
  readonly expected?: string;
  readonly keys?: readonly string[];
  readonly values?: readonly unknown[];
  readonly options?: readonly unknown[];
  readonly discriminator?: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly inclusive?: boolean;
  readonly origin?: string;
}

/** Turns a schema-library issue into a path and a plain-English message. */
export function formatIssue(i: RawIssue): ScenarioIssue {
  const path = formatPath(i.path);
  const got = `, got ${describeValue(i.input)}`;
  switch (i.code) {
    case 'invalid_type':
      if (i.input === undefined) return { path, message: `is required (${expectedName(i.expected)})` };
      return { path, message: `expected ${expectedName(i.expected)}${got}` };
    case 'unrecognized_keys': {
      const keys = i.keys ?? [];
      return {
        path: keys.length === 1 ? formatPath([...i.path, keys[0]]) : path,
        message: keys.length === 1 ? 'unknown field' : `unknown fields ${keys.map((k) => `"${k}"`).join(', ')}`,
      };
    }
    case 'invalid_value':
      return { path, message: `expected one of ${(i.values ?? []).map((v) => JSON.stringify(v)).join(', ')}${got}` };
    case 'invalid_union':
      if (i.options && i.discriminator) {
        const v = typeof i.input === 'object' && i.input !== null ? (i.input as Record<string, unknown>)[i.discriminator] : undefined;
        const p = formatPath([...i.path.slice(0, -1), i.discriminator]);
        const options = i.options.map((o) => JSON.stringify(o)).join(', ');
        return { path: p, message: v === undefined ? `is required (one of ${options})` : `expected one of ${options}, got ${describeValue(v)}` };
      }
      if (i.options) return { path, message: `expected one of ${i.options.map((v) => JSON.stringify(v)).join(', ')}${got}` };
      return { path, message: `${i.message}${got}` };
    case 'too_small':
      if (i.origin === 'array') return { path, message: `expected at least ${i.minimum} item(s)` };
      if (i.origin === 'string') return { path, message: `expected a non-empty text` };
      return { path, message: `expected a number ${i.inclusive ? '>=' : '>'} ${i.minimum}${got}` };
    case 'too_big':
      if (i.origin === 'array') return { path, message: `expected at most ${i.maximum} item(s)` };
      if (i.origin === 'string') return { path, message: `expected at most ${i.maximum} characters` };
      return { path, message: `expected a number ${i.inclusive ? '<=' : '<'} ${i.maximum}${got}` };
    default:
      return { path, message: i.message };
  }
}

function expectedName(e: string | undefined): string {
  switch (e) {
    case 'int': return 'a whole number';
    case 'number': return 'a number';
    case 'string': return 'a text';
    case 'boolean': return 'true or false';
    case 'array': return 'a list';
    case 'object': return 'an object';
    default: return e ?? 'a value';
  }
}
