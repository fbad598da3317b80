import { CsvRows, nonNegativeDecimalAt, nonNegativeIntegerAt } from './csv.ts';
import { TraceError } from './TraceError.ts';

/**
 * GPU tasks (pods) read from a cluster trace, sorted by arrival, as parallel arrays of
 * equal length (at least 1), plus how many pods were left out and why.
 */
export interface TaskTrace {
  /** Arrival (creation) time of each task in seconds from the trace start; non-decreasing. */
  readonly arrivalS: Float64Array;
  /** How long each task held its GPUs, in seconds: deletion time minus scheduled time (≥ 0). */
  readonly durationS: Float64Array;
  /**
   * GPUs each task holds: a whole number ≥ 1, or a fraction in (0, 1) for a task sharing
   * one GPU (gpu_milli / 1000).
   */
  readonly gpus: Float64Array;
  /** Pods in the file that are not in the arrays. */
  readonly skipped: {
    /** Pods asking for no GPU (num_gpu = 0), whatever their times. */
    readonly cpuOnly: number;
    /** GPU pods never scheduled (empty scheduled_time or deletion_time, such as pod_phase Pending). */
    readonly neverScheduled: number;
  };
}

/** The header of the Alibaba GPU cluster trace v2023 (openb) pod list. */
const HEADER = [
  'name', 'cpu_milli', 'memory_mib', 'num_gpu', 'gpu_milli', 'gpu_spec', 'qos', 'pod_phase',
  'creation_time', 'deletion_time', 'scheduled_time',
] as const;

const NUM_GPU = 3;
const GPU_MILLI = 4;
const CREATION = 8;
const DELETION = 9;
const SCHEDULED = 10;

/**
 * Parses the pod list of the Alibaba GPU cluster trace v2023 (cluster-trace-gpu-v2023,
 * openb; Weng et al., "Beware of Fragmentation", USENIX ATC 2023): CSV text with the
 * header `name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time`,
 * times in seconds from the trace start.
 *
 * For each GPU pod: arrival = creation_time, duration = deletion_time − scheduled_time,
 * gpus = num_gpu when gpu_milli = 1000, or gpu_milli / 1000 (a share of one GPU) when
 * num_gpu = 1 and gpu_milli < 1000. CPU-only pods (num_gpu = 0) are skipped and counted
 * first; GPU pods with an empty scheduled_time or deletion_time are skipped and counted
 * as never scheduled. name, cpu_milli, memory_mib, gpu_spec (may be empty), qos and
 * pod_phase are not read beyond the field count. The result is sorted by arrival,
 * stably (equal arrivals keep file order). LF or CRLF line endings and a trailing
 * newline are accepted; fields are not quoted.
 *
 * Pure: takes the text, returns data.
 * @param text the whole file's contents
 * @param file the file name, used only in error messages
 * @throws TraceError (`file:line:column: what was wrong and what was expected`) for an
 *   empty or header-only file, a header other than the expected one, a row with other
 *   than 11 fields, a num_gpu or gpu_milli that is not a non-negative integer, a time that
 *   is not a non-negative number, deletion before scheduling, gpu_milli outside 1..1000
 *   for a GPU pod, num_gpu > 1 with gpu_milli < 1000 (a fractional share of several GPUs
 *   is not supported), or a file with no GPU pod left.
 */
export function parseAlibabaGpuTrace(text: string, file: string): TaskTrace {
  const rows = new CsvRows(text, file, HEADER, 'pods');
  // Upper bound on the row count (one per line break), trimmed at the end.
  let capacity = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) capacity++;
  const arrival = new Float64Array(capacity);
  const duration = new Float64Array(capacity);
  const share = new Float64Array(capacity);
  const { fieldStart, fieldEnd } = rows;
  const integer = (i: number): number => {
    const v = nonNegativeIntegerAt(text, fieldStart[i], fieldEnd[i]);
    return Number.isNaN(v) ? rows.fail(i, `${HEADER[i]}: expected a non-negative integer, got ${JSON.stringify(rows.field(i))}`) : v;
  };
  /** A time in seconds, or NaN when the field is empty and `optional`. */
  const time = (i: number, optional: boolean): number => {
    if (optional && fieldStart[i] === fieldEnd[i]) return NaN;
    const v = nonNegativeDecimalAt(text, fieldStart[i], fieldEnd[i]);
    return Number.isNaN(v)
      ? rows.fail(i, `${HEADER[i]}: expected a non-negative number of seconds${optional ? ' (or empty if never scheduled)' : ''}, got ${JSON.stringify(rows.field(i))}`)
      : v;
  };
  let pods = 0;
  let kept = 0;
  let cpuOnly = 0;
  let neverScheduled = 0;
  let sorted = true;

  while (rows.next()) {
    pods++;
    const numGpu = integer(NUM_GPU);
    const gpuMilli = integer(GPU_MILLI);
    const creationS = time(CREATION, false);
    const deletionS = time(DELETION, true);
    const scheduledS = time(SCHEDULED, true);
    if (deletionS < scheduledS) {
      rows.fail(DELETION, `deletion_time ${rows.field(DELETION)} is before scheduled_time ${rows.field(SCHEDULED)}: expected deletion_time ≥ scheduled_time`);
    }
    if (numGpu === 0) {
      cpuOnly++;
      continue;
    }
    if (gpuMilli < 1 || gpuMilli > 1000) {
      rows.fail(GPU_MILLI, `gpu_milli ${gpuMilli} is out of range for a GPU pod (num_gpu ${numGpu}): expected 1 to 1000 (thousandths of a GPU)`);
    }
    if (numGpu > 1 && gpuMilli < 1000) {
      rows.fail(GPU_MILLI, `gpu_milli ${gpuMilli} with num_gpu ${numGpu}: a fractional share of several GPUs is not supported; expected gpu_milli 1000 when num_gpu > 1`);
    }
    if (Number.isNaN(scheduledS) || Number.isNaN(deletionS)) {
      neverScheduled++;
      continue;
    }
    if (kept > 0 && creationS < arrival[kept - 1]) sorted = false;
    arrival[kept] = creationS;
    duration[kept] = deletionS - scheduledS;
    share[kept] = gpuMilli === 1000 ? numGpu : gpuMilli / 1000;
    kept++;
  }

  if (kept === 0) {
    throw new TraceError(file, 1, 1,
      `no GPU pods: all ${pods} pods were skipped (${cpuOnly} CPU-only, ${neverScheduled} never scheduled); expected at least one scheduled pod with num_gpu ≥ 1`);
  }
  const skipped = { cpuOnly, neverScheduled };
  if (sorted) {
    return { arrivalS: arrival.slice(0, kept), durationS: duration.slice(0, kept), gpus: share.slice(0, kept), skipped };
  }
  const order = Array.from({ length: kept }, (_, i) => i);
  order.sort((a, b) => arrival[a] - arrival[b] || a - b);
  const arrivalS = new Float64Array(kept);
  const durationS = new Float64Array(kept);
  const gpus = new Float64Array(kept);
  for (let i = 0; i < kept; i++) {
    const j = order[i];
    arrivalS[i] = arrival[j];
    durationS[i] = duration[j];
    gpus[i] = share[j];
  }
  return { arrivalS, durationS, gpus, skipped };
}
