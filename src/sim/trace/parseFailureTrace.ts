import { FAILURE_TARGETS, isFailureTarget, type FailureTarget } from '../scenario/failureTargets.ts';
import { CsvRows, nonNegativeDecimalAt } from './csv.ts';

/** One failure read from a trace: a component down from `atS` for `durationS` seconds. */
export interface TracedFailure {
  readonly target: FailureTarget;
  /** Component id, such as "east/r0/n3" (an uplink as its rack, a WAN link by its id). */
  readonly id: string;
  readonly atS: number;
  readonly durationS: number;
}

const HEADER = ['time', 'target', 'id', 'duration'] as const;

/**
 * Reads a failure trace: a CSV file with the header `time,target,id,duration`, one failure
 * per row — when it strikes (seconds from the start), the target (one of FAILURE_TARGETS),
 * the component id, and how long it stays down (seconds, > 0). `checkId` says
 * what is wrong with an id that names no component of the cluster (undefined when fine).
 * Errors are TraceErrors with file, line and column.
 */
export function parseFailureTrace(text: string, file: string, checkId: (target: TracedFailure['target'], id: string) => string | undefined): TracedFailure[] {
  const rows = new CsvRows(text, file, HEADER, 'failures');
  const out: TracedFailure[] = [];
  const seconds = (i: number, positive: boolean): number => {
    const v = nonNegativeDecimalAt(text, rows.fieldStart[i], rows.fieldEnd[i]);
    if (Number.isNaN(v) || (positive && v === 0)) {
      rows.fail(i, `${HEADER[i]}: expected ${positive ? 'a positive' : 'a non-negative'} number of seconds, got ${JSON.stringify(rows.field(i))}`);
    }
    return v;
  };
  while (rows.next()) {
    const atS = seconds(0, false);
    const target = rows.field(1) as TracedFailure['target'];
    if (!isFailureTarget(target)) rows.fail(1, `target: expected one of ${FAILURE_TARGETS.join(', ')}, got ${JSON.stringify(target)}`);
    const id = rows.field(2);
    const problem = checkId(target, id);
    if (problem) rows.fail(2, `id: ${problem}`);
    out.push({ target, id, atS, durationS: seconds(3, true) });
  }
  return out;
}
