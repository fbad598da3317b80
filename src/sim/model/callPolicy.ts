import { PolicyError } from './PolicyError.ts';

/**
 * Asks a policy something: the one wrapper through which the model calls every policy.
 * What the model hands a policy is read-only (frozen views and snapshots, see
 * {@link readOnly}); a policy that throws — or tries to change what it was shown — fails its
 * own run with a {@link PolicyError} naming it. The model checks whatever it returns.
 */
export function callPolicy<T>(policy: { readonly name: string }, method: string, call: () => T): T {
  try {
    return call();
  } catch (e) {
    if (e instanceof PolicyError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    const mutation = e instanceof TypeError && /read[- ]only|not extensible|only a getter|Cannot (assign|add|delete|define|redefine)|frozen/i.test(message);
    throw new PolicyError(policy.name, mutation
      ? `${method} tried to change what the model showed it (policies get read-only views and return decisions): ${message}`
      : `${method} threw: ${message}`);
  }
}

/**
 * Freezes a view before a policy sees it: the object, and the plain objects and arrays it
 * holds, all the way down (views are small: a job, a service, the sites). Returns it.
 */
export function readOnly<T>(view: T): T {
  if (typeof view !== 'object' || view === null || Object.isFrozen(view)) return view;
  const o = view as Record<string, unknown>;
  for (const k in o) {
    const v = o[k];
    if (typeof v === 'object' && v !== null) readOnly(v);
  }
  return Object.freeze(view);
}
