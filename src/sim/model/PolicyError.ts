/** Thrown when a policy throws or returns an invalid decision; the run fails, naming the policy. */
export class PolicyError extends Error {
  constructor(readonly policy: string, message: string) {
    super(`policy "${policy}": ${message}`);
    this.name = 'PolicyError';
  }
}
