/** One parameter a policy takes. */
export interface ParamSpec {
  readonly name: string;
  readonly description: string;
  /** What values it takes ("number", "duration", ...). */
  readonly type: string;
  readonly default?: unknown;
}

/** A named policy of one family: its documentation and how to build it from parameters. */
export interface PolicyFactory<P> {
  readonly name: string;
  /** What it does and where it comes from. */
  readonly description: string;
  readonly params: readonly ParamSpec[];
  /** Where a policy that is not built in was loaded from (a module path); absent for built-ins. */
  readonly source?: string;
  /** Builds the policy; `params` holds only names listed in {@link params}. */
  create(params: Readonly<Record<string, unknown>>): P;
}

/** Thrown when a policy choice names no policy, or gives parameters the policy does not take. */
export class PolicyConfigError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'PolicyConfigError';
  }
}

/**
 * Finds a policy by name in its family's table and builds it; an unknown name or parameter
 * fails with the list of valid ones. `path` names the scenario field (for the error).
 */
export function resolvePolicy<P>(table: readonly PolicyFactory<P>[], path: string, name: string, params: Readonly<Record<string, unknown>>): P {
  const factory = table.find((f) => f.name === name);
  if (!factory) {
    throw new PolicyConfigError(path, `unknown policy "${name}"; valid: ${table.map((f) => f.name).join(', ')}`);
  }
  for (const key of Object.keys(params)) {
    if (!factory.params.some((p) => p.name === key)) {
      const valid = factory.params.map((p) => p.name);
      throw new PolicyConfigError(`${path}.${key}`, `policy "${name}" takes no parameter "${key}"${valid.length ? `; valid: ${valid.join(', ')}` : ' (it has none)'}`);
    }
  }
  return factory.create(params);
}
