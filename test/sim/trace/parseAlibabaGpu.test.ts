import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAlibabaGpuTrace } from '../../../src/sim/trace/parseAlibabaGpu.ts';
import { TraceError } from '../../../src/sim/trace/TraceError.ts';

const HEADER = 'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time';
const FIELDS = HEADER.split(',');

type Pod = Partial<Record<(typeof FIELDS)[number], string | number>>;
/** A pod row: a full single-GPU pod that is running, with `over` replacing fields. */
function pod(over: Pod = {}): string {
  const base: Record<string, string | number> = {
    name: 'openb-pod-0000', cpu_milli: 12000, memory_mib: 16384, num_gpu: 1, gpu_milli: 1000, gpu_spec: '',
    qos: 'LS', pod_phase: 'Running', creation_time: 100, deletion_time: 500, scheduled_time: 120,
  };
  return FIELDS.map((f) => String(over[f] ?? base[f])).join(',');
}
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');
/** The 1-based column where field `name` starts in `row`, counted independently of the parser. */
const columnOf = (row: string, name: string) => {
  const i = FIELDS.indexOf(name);
  return i === 0 ? 1 : row.split(',').slice(0, i).join(',').length + 2;
};

function errorOf(text: string): TraceError {
  try {
    parseAlibabaGpuTrace(text, 'p.csv');
  } catch (e) {
    expect(e).toBeInstanceOf(TraceError);
    return e as TraceError;
  }
  throw new Error('expected a TraceError, but the text parsed');
}

/** Asserts a TraceError at line:column whose message matches `what`, in the file:line:column: form. */
function expectError(text: string, line: number, column: number, what: RegExp): TraceError {
  const e = errorOf(text);
  expect({ file: e.file, line: e.line, column: e.column }).toEqual({ file: 'p.csv', line, column });
  expect(e.message.startsWith(`p.csv:${line}:${column}: `)).toBe(true);
  expect(e.message).toMatch(what);
  return e;
}

describe('parseAlibabaGpuTrace: valid input', () => {
  it('reads arrival = creation, duration = deletion − scheduled, and whole or fractional GPUs', () => {
    const t = parseAlibabaGpuTrace(csv(
      pod({ creation_time: 0, scheduled_time: 0, deletion_time: 12537496 }),
      pod({ num_gpu: 1, gpu_milli: 460, creation_time: 10, scheduled_time: 15, deletion_time: 75, gpu_spec: 'V100M32' }),
      pod({ num_gpu: 8, gpu_milli: 1000, creation_time: 20, scheduled_time: 20, deletion_time: 20, pod_phase: 'Failed' }),
      pod({ num_gpu: 1, gpu_milli: 1, creation_time: 30, scheduled_time: 31.5, deletion_time: 40, pod_phase: 'Succeeded' }),
    ), 'p.csv');
    expect(Array.from(t.arrivalS)).toEqual([0, 10, 20, 30]);
    expect(Array.from(t.durationS)).toEqual([12537496, 60, 0, 8.5]);
    expect(Array.from(t.gpus)).toEqual([1, 0.46, 8, 0.001]);
    expect(t.skipped).toEqual({ cpuOnly: 0, neverScheduled: 0 });
    for (const a of [t.arrivalS, t.durationS, t.gpus]) expect(a).toBeInstanceOf(Float64Array);
  });

  it('skips and counts CPU-only pods and never-scheduled GPU pods (a never-scheduled CPU-only pod counts as CPU-only)', () => {
    const t = parseAlibabaGpuTrace(csv(
      pod({ num_gpu: 0, gpu_milli: 0 }),
      pod({ num_gpu: 0, gpu_milli: 0, pod_phase: 'Pending', scheduled_time: '' }),
      pod({ pod_phase: 'Pending', scheduled_time: '', creation_time: 1 }),
      pod({ pod_phase: 'Pending', deletion_time: '', creation_time: 2 }),
      pod({ gpu_milli: 300, scheduled_time: '', deletion_time: '', creation_time: 3 }),
      pod({ creation_time: 4 }),
    ), 'p.csv');
    expect(t.skipped).toEqual({ cpuOnly: 2, neverScheduled: 3 });
    expect(Array.from(t.arrivalS)).toEqual([4]);
  });

  it('sorts by arrival, keeping file order among equal arrivals', () => {
    const t = parseAlibabaGpuTrace(csv(
      pod({ creation_time: 50, scheduled_time: 50, deletion_time: 51 }),
      pod({ creation_time: 10, scheduled_time: 10, deletion_time: 12 }),
      pod({ creation_time: 50, scheduled_time: 50, deletion_time: 53 }),
      pod({ creation_time: 5, scheduled_time: 5, deletion_time: 9 }),
      pod({ creation_time: 10, scheduled_time: 10, deletion_time: 15 }),
      pod({ creation_time: 50, scheduled_time: 50, deletion_time: 56 }),
    ), 'p.csv');
    expect(Array.from(t.arrivalS)).toEqual([5, 10, 10, 50, 50, 50]);
    expect(Array.from(t.durationS)).toEqual([4, 2, 5, 1, 3, 6]);
  });

  it('gives the same result for LF, CRLF, a trailing newline, a byte-order mark', () => {
    const rows = [pod(), pod({ gpu_milli: 250, creation_time: 7 }), pod({ num_gpu: 0, gpu_milli: 0 })];
    const expected = parseAlibabaGpuTrace(csv(...rows), 'p.csv');
    expect(Array.from(expected.gpus)).toEqual([0.25, 1]);
    for (const text of [csv(...rows) + '\n', [HEADER, ...rows].join('\r\n'), [HEADER, ...rows].join('\r\n') + '\r\n', '\uFEFF' + csv(...rows)]) {
      expect(parseAlibabaGpuTrace(text, 'p.csv')).toEqual(expected);
    }
  });
});

describe('parseAlibabaGpuTrace: errors name file:line:column and what was expected', () => {
  it('an empty file', () => {
    expectError('', 1, 1, /empty file, no pods: expected the header "name,cpu_milli,.*,scheduled_time"/);
    expectError('\r\n\r\n', 1, 1, /empty file, no pods/);
  });

  it('a header-only file', () => {
    expectError(HEADER + '\r\n', 1, 1, /no pods: the file has the header "name,cpu_milli,.*scheduled_time" but no rows/);
  });

  it('a bad header, at the first differing field, naming the expected header', () => {
    const swapped = HEADER.replace('deletion_time,scheduled_time', 'scheduled_time,deletion_time');
    expectError(csv(pod()).replace(HEADER, swapped), 1, columnOf(HEADER, 'deletion_time'),
      new RegExp(`bad header: expected "${HEADER}", got "${swapped}" \\(field 10 is "scheduled_time" where "deletion_time" was expected\\)`));
    expectError(csv(pod()).replace(HEADER, 'sn,cpu_milli,memory_mib,gpu,model'), 1, 1, new RegExp(`bad header: expected "${HEADER}"`));
  });

  it('a row with the wrong number of fields', () => {
    const extra = pod() + ',x';
    expectError(csv(pod(), extra), 3, pod().length + 2, /expected 11 fields \(name,cpu_milli,.*\), got 12 fields/);
    const short = pod().split(',').slice(0, 9).join(',');
    expectError(csv(short), 2, short.length + 1, /expected 11 fields .*, got 9 fields/);
    expectError(csv(pod(), '', pod()), 3, 1, /expected 11 fields .*, got an empty line/);
  });

  it('a non-numeric or negative num_gpu or gpu_milli', () => {
    for (const [field, value] of [['num_gpu', 'two'], ['num_gpu', '-1'], ['num_gpu', ''], ['num_gpu', '1.5'], ['gpu_milli', 'abc'], ['gpu_milli', '-500'], ['gpu_milli', '']] as const) {
      const row = pod({ [field]: value });
      expectError(csv(pod(), row), 3, columnOf(row, field), new RegExp(`${field}: expected a non-negative integer, got ${JSON.stringify(value)}`));
    }
  });

  it('a non-numeric or negative time', () => {
    for (const [field, value] of [['creation_time', ''], ['creation_time', '-3'], ['creation_time', 'soon'], ['deletion_time', '1e5'], ['deletion_time', '-1'], ['scheduled_time', '12:00'], ['scheduled_time', '5.']] as const) {
      const row = pod({ [field]: value });
      expectError(csv(row), 2, columnOf(row, field), new RegExp(`${field}: expected a non-negative number of seconds.*, got ${JSON.stringify(value)}`));
    }
    const row = pod({ scheduled_time: 'x' });
    expect(errorOf(csv(row)).message).toMatch(/\(or empty if never scheduled\)/);
  });

  it('deletion before scheduling, at deletion_time', () => {
    const row = pod({ scheduled_time: 200, deletion_time: 150 });
    expectError(csv(pod(), pod(), row), 4, columnOf(row, 'deletion_time'), /deletion_time 150 is before scheduled_time 200: expected deletion_time ≥ scheduled_time/);
  });

  it('a fractional share of several GPUs, saying it is not supported', () => {
    const row = pod({ num_gpu: 2, gpu_milli: 500 });
    expectError(csv(row), 2, columnOf(row, 'gpu_milli'), /gpu_milli 500 with num_gpu 2: a fractional share of several GPUs is not supported; expected gpu_milli 1000 when num_gpu > 1/);
  });

  it('gpu_milli outside 1..1000 for a GPU pod', () => {
    for (const [numGpu, milli] of [[1, 0], [1, 1001], [4, 0], [2, 2000]]) {
      const row = pod({ num_gpu: numGpu, gpu_milli: milli });
      expectError(csv(row), 2, columnOf(row, 'gpu_milli'), new RegExp(`gpu_milli ${milli} is out of range for a GPU pod \\(num_gpu ${numGpu}\\): expected 1 to 1000`));
    }
  });

  it('no GPU pods at all', () => {
    expectError(csv(pod({ num_gpu: 0, gpu_milli: 0 }), pod({ scheduled_time: '', pod_phase: 'Pending' })), 1, 1,
      /no GPU pods: all 2 pods were skipped \(1 CPU-only, 1 never scheduled\); expected at least one scheduled pod with num_gpu ≥ 1/);
  });

  it('uses the file name it is given', () => {
    expect(() => parseAlibabaGpuTrace('', 'x/pods.csv')).toThrow(/^x\/pods\.csv:1:1: /);
  });
});

/** The real trace (../shared/traces, next to the repository); skipped with a message when absent. */
const podsUrl = new URL('../../../../shared/traces/alibaba-gpu-2023-pods.csv', import.meta.url);
const havePods = existsSync(podsUrl);
if (!havePods) console.warn(`skipping the real Alibaba GPU trace tests: ${fileURLToPath(podsUrl)} is absent (CI always has it)`);

describe('parseAlibabaGpuTrace on the real Alibaba GPU trace v2023 (Weng et al., ATC 2023; cluster-trace-gpu-v2023)', () => {
  it.skipIf(!havePods)('reads 8,152 pods: counts and sums agree with an independent awk-like count', () => {
    const text = readFileSync(podsUrl, 'utf8');
    const t0 = performance.now();
    const t = parseAlibabaGpuTrace(text, fileURLToPath(podsUrl));
    const parseMs = performance.now() - t0;

    // Independent reading: split lines and fields, like `awk -F,`.
    const rows = text.split(/\r?\n/).slice(1).filter((l) => l !== '').map((l) => l.split(','));
    const col = (name: string) => FIELDS.indexOf(name);
    const [NUM, MILLI, CREATE, DEL, SCHED] = ['num_gpu', 'gpu_milli', 'creation_time', 'deletion_time', 'scheduled_time'].map(col);
    expect(rows.length).toBe(8152);
    const cpuOnly = rows.filter((r) => r[NUM] === '0').length;
    const fractionalInFile = rows.filter((r) => r[NUM] === '1' && Number(r[MILLI]) < 1000).length;
    const unscheduledGpu = rows.filter((r) => r[NUM] !== '0' && (r[SCHED] === '' || r[DEL] === '')).length;
    const kept = rows.filter((r) => r[NUM] !== '0' && r[SCHED] !== '' && r[DEL] !== '');
    expect(cpuOnly).toBe(1088);
    expect(fractionalInFile).toBe(3078);

    expect(t.skipped).toEqual({ cpuOnly, neverScheduled: unscheduledGpu });
    expect(t.arrivalS.length).toBe(8152 - 1088 - t.skipped.neverScheduled);
    expect(t.durationS.length).toBe(t.arrivalS.length);
    expect(t.gpus.length).toBe(t.arrivalS.length);
    const fractional = Array.from(t.gpus).filter((g) => g < 1).length;
    expect(fractional).toBe(kept.filter((r) => Number(r[MILLI]) < 1000).length);
    expect(fractional).toBeLessThanOrEqual(3078);

    for (let i = 1; i < t.arrivalS.length; i++) if (!(t.arrivalS[i] >= t.arrivalS[i - 1])) expect.fail(`arrival ${i} goes back`);
    // The file is already in creation order, so the stable sort keeps file order: compare row by row.
    expect(Array.from(t.arrivalS)).toEqual(kept.map((r) => Number(r[CREATE])));
    expect(Array.from(t.durationS)).toEqual(kept.map((r) => Number(r[DEL]) - Number(r[SCHED])));
    expect(Array.from(t.gpus)).toEqual(kept.map((r) => (r[MILLI] === '1000' ? Number(r[NUM]) : Number(r[MILLI]) / 1000)));
    const gpuSum = Array.from(t.gpus).reduce((a, b) => a + b, 0);
    const meanDurationS = Array.from(t.durationS).reduce((a, b) => a + b, 0) / t.durationS.length;
    console.info(`alibaba pods: ${rows.length} rows, ${t.arrivalS.length} GPU pods kept, ${cpuOnly} CPU-only, ${t.skipped.neverScheduled} never scheduled, ` +
      `${fractional} fractional kept (${fractionalInFile} in file), ${gpuSum.toFixed(2)} GPUs in all, mean duration ${meanDurationS.toFixed(0)} s, parsed in ${parseMs.toFixed(1)} ms`);
  });
});
