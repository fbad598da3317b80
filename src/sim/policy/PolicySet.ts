import type { PolicyInstances } from './policyFamilies.ts';

/**
 * The policies a run uses, one per family, each of its family's interface: derived from the
 * family table (policyFamilies.ts), so a family added there is a member here.
 */
export type PolicySet = PolicyInstances;
