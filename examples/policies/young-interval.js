// @ts-check
/**
 * young — an example backup policy for dcsim, in plain JavaScript: checkpoint at Young's
 * first-order optimum interval τ = √(2 δ M) (J. W. Young, CACM 17(9), 1974), where δ is the
 * time one checkpoint write takes and M the job's mean time between interruptions, from the
 * scenario's failure rules. The built-in `young-daly` refines it (Daly 2006) and learns M.
 *
 *   npx dcsim compare scenarios/llama3-pretraining.json --policy-module examples/policies/young-interval.js \
 *     -p backup=young -p backup=young-daly -p backup=young,backup.scale=4 --reps 2
 *
 * See docs/writing-policies.md.
 */

/** @typedef {import('../../src/policies/types.ts').BackupPolicy} BackupPolicy */
/** @typedef {import('../../src/policies/types.ts').TrainingJobView} TrainingJobView */

export default {
  family: 'backup',
  name: 'young',
  description: "Checkpoint every τ = scale · √(2δM) of computation (Young 1974): δ the checkpoint write time, M the job's mean time between interruptions from the failure rules.",
  params: [
    { name: 'scale', type: 'number > 0', default: 1, description: 'multiplies the interval (2: twice as long as Young\'s optimum)' },
  ],
  /**
   * @param {Readonly<Record<string, unknown>>} params
   * @returns {BackupPolicy}
   */
  create(params) {
    const scale = params.scale ?? 1;
    if (typeof scale !== 'number' || !(scale > 0)) throw new Error(`scale must be a number > 0, got ${JSON.stringify(params.scale)}`);
    return {
      name: 'young',
      /** @param {TrainingJobView} job */
      checkpointIntervalS(job) {
        if (!Number.isFinite(job.mtbfS)) return Infinity; // nothing under the job can fail: never checkpoint
        if (job.checkpointCostS === 0) return job.mtbfS / 1000; // free checkpoints: checkpoint often
        return scale * Math.sqrt(2 * job.checkpointCostS * job.mtbfS);
      },
    };
  },
};
