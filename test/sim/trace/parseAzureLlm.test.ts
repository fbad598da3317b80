import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAzureLlmTrace } from '../../../src/sim/trace/parseAzureLlm.ts';
import { TraceError } from '../../../src/sim/trace/TraceError.ts';

const HEADER = 'TIMESTAMP,ContextTokens,GeneratedTokens';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');

/** The TraceError thrown by parsing `text` as "t.csv" (fails the test if none is thrown). */
function errorOf(text: string): TraceError {
  try {
    parseAzureLlmTrace(text, 't.csv');
  } catch (e) {
    expect(e).toBeInstanceOf(TraceError);
    return e as TraceError;
  }
  throw new Error('expected a TraceError, but the text parsed');
}

/** Asserts a TraceError at line:column whose message matches `what`, in the file:line:column: form. */
function expectError(text: string, line: number, column: number, what: RegExp): TraceError {
  const e = errorOf(text);
  expect({ file: e.file, line: e.line, column: e.column }).toEqual({ file: 't.csv', line, column });
  expect(e.message.startsWith(`t.csv:${line}:${column}: `)).toBe(true);
  expect(e.message).toMatch(what);
  expect(e.name).toBe('TraceError');
  return e;
}

describe('parseAzureLlmTrace: valid input', () => {
  it('reads arrivals relative to the first row, and the token counts', () => {
    const t = parseAzureLlmTrace(csv(
      '2023-11-16 18:15:46.6805900,374,44',
      '2023-11-16 18:15:50.9951690,396,109',
      '2023-11-16 18:16:00,0,0',
    ), 'a.csv');
    expect(Array.from(t.arrivalS)).toEqual([0, expect.closeTo(4.314579, 9), expect.closeTo(13.31941, 9)]);
    expect(Array.from(t.promptTokens)).toEqual([374, 396, 0]);
    expect(Array.from(t.outputTokens)).toEqual([44, 109, 0]);
    expect(t.arrivalS).toBeInstanceOf(Float64Array);
    expect(t.promptTokens).toBeInstanceOf(Float64Array);
    expect(t.outputTokens).toBeInstanceOf(Float64Array);
  });

  it('gives the same result for LF, CRLF, a trailing newline, a byte-order mark', () => {
    const rows = ['2023-11-16 18:15:46.6805900,374,44', '2023-11-16 18:15:46.6805900,1,2', '2023-11-16 18:15:47.5,3,4'];
    const expected = parseAzureLlmTrace(csv(...rows), 'a.csv');
    expect(Array.from(expected.arrivalS)).toEqual([0, 0, expect.closeTo(0.81941, 12)]);
    for (const text of [
      csv(...rows) + '\n',
      [HEADER, ...rows].join('\r\n'),
      [HEADER, ...rows].join('\r\n') + '\r\n',
      '\uFEFF' + csv(...rows) + '\n',
    ]) {
      expect(parseAzureLlmTrace(text, 'a.csv')).toEqual(expected);
    }
  });

  it('keeps sub-microsecond differences (the 7th fractional digit)', () => {
    const t = parseAzureLlmTrace(csv('2023-11-16 18:15:46.0000001,1,1', '2023-11-16 18:15:46.0000002,1,1', '2023-11-16 18:15:47.0000001,1,1'), 'a.csv');
    expect(t.arrivalS[1]).toBeCloseTo(1e-7, 15);
    expect(t.arrivalS[2]).toBe(1);
  });

  it('accepts "T" between date and time, and no fraction', () => {
    const t = parseAzureLlmTrace(csv('2023-11-16T18:15:46,1,1', '2023-11-16 18:15:47.25,1,1'), 'a.csv');
    expect(Array.from(t.arrivalS)).toEqual([0, 1.25]);
  });

  it('converts dates across month, year and leap-day boundaries like Date.UTC does', () => {
    const stamps: [string, number][] = [
      ['1999-12-31 23:59:59', Date.UTC(1999, 11, 31, 23, 59, 59)],
      ['2000-01-01 00:00:00', Date.UTC(2000, 0, 1)],
      ['2000-02-29 12:00:00', Date.UTC(2000, 1, 29, 12)],
      ['2000-03-01 00:00:00', Date.UTC(2000, 2, 1)],
      ['2023-02-28 23:59:59', Date.UTC(2023, 1, 28, 23, 59, 59)],
      ['2023-03-01 00:00:00', Date.UTC(2023, 2, 1)],
      ['2023-12-31 23:59:59', Date.UTC(2023, 11, 31, 23, 59, 59)],
      ['2024-02-29 00:00:00', Date.UTC(2024, 1, 29)],
      ['2100-03-01 00:00:00', Date.UTC(2100, 2, 1)],
    ];
    const t = parseAzureLlmTrace(csv(...stamps.map(([s]) => `${s},1,1`)), 'a.csv');
    expect(Array.from(t.arrivalS)).toEqual(stamps.map(([, ms]) => (ms - stamps[0][1]) / 1000));
  });

  it('agrees with Date.UTC on random timestamps (property)', () => {
    const stamp = fc.record({
      ms: fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2200, 0, 1) }),
      sub: fc.integer({ min: 0, max: 9999 }), // digits 4 to 7 of the fraction
    });
    fc.assert(fc.property(fc.array(stamp, { minLength: 1, maxLength: 20 }), (raw) => {
      const sorted = [...raw].sort((a, b) => a.ms - b.ms || a.sub - b.sub);
      // toISOString gives YYYY-MM-DDTHH:MM:SS.mmmZ; write it the way the trace does, with 7 fractional digits.
      const text = csv(...sorted.map(({ ms, sub }) => `${new Date(ms).toISOString().slice(0, 23).replace('T', ' ')}${String(sub).padStart(4, '0')},1,1`));
      const t = parseAzureLlmTrace(text, 'p.csv');
      sorted.forEach(({ ms, sub }, i) => {
        const expected = (ms - sorted[0].ms) / 1000 + (sub - sorted[0].sub) / 1e7;
        expect(Math.abs(t.arrivalS[i] - expected)).toBeLessThan(1e-6);
        if (i > 0) expect(t.arrivalS[i]).toBeGreaterThanOrEqual(t.arrivalS[i - 1]);
      });
    }), { numRuns: 300 });
  });
});

describe('parseAzureLlmTrace: errors name file:line:column and what was expected', () => {
  it('an empty file: no requests', () => {
    expectError('', 1, 1, /empty file, no requests: expected the header "TIMESTAMP,ContextTokens,GeneratedTokens"/);
    expectError('\r\n', 1, 1, /empty file, no requests/);
  });

  it('a header-only file: no requests', () => {
    expectError(HEADER, 1, 1, /no requests: .*header "TIMESTAMP,ContextTokens,GeneratedTokens" but no rows/);
    expectError(HEADER + '\r\n', 1, 1, /no requests/);
  });

  it('a header with the columns in another order, at the first differing field', () => {
    const e = expectError(csv('2023-11-16 18:15:46,1,1').replace(HEADER, 'TIMESTAMP,GeneratedTokens,ContextTokens'), 1, 11,
      /bad header: expected "TIMESTAMP,ContextTokens,GeneratedTokens", got "TIMESTAMP,GeneratedTokens,ContextTokens"/);
    expect(e.message).toMatch(/field 2 is "GeneratedTokens" where "ContextTokens" was expected/);
  });

  it('a header with other names, a missing column, an extra column, or no header at all', () => {
    expectError('timestamp,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46,1,1', 1, 1, /expected "TIMESTAMP,ContextTokens,GeneratedTokens", got "timestamp,/);
    expectError('TIMESTAMP,ContextTokens\n2023-11-16 18:15:46,1', 1, 24, /field 3 "GeneratedTokens" is missing/);
    expectError(`${HEADER},Extra\n2023-11-16 18:15:46,1,1,1`, 1, 41, /4 fields where 3 were expected/);
    expectError('2023-11-16 18:15:46,1,1\n2023-11-16 18:15:47,1,1', 1, 1, /bad header: expected "TIMESTAMP,ContextTokens,GeneratedTokens"/);
  });

  it('a row with too many fields, at the first extra field', () => {
    expectError(csv('2023-11-16 18:15:46,1,1', '2023-11-16 18:15:47,1,1,9'), 3, 25, /expected 3 fields \(TIMESTAMP,ContextTokens,GeneratedTokens\), got 4 fields/);
  });

  it('a row with too few fields, at the end of the line', () => {
    expectError(csv('2023-11-16 18:15:46,1,1', '2023-11-16 18:15:47,1'), 3, 22, /expected 3 fields .*, got 2 fields/);
    expectError([HEADER, '2023-11-16 18:15:46,1,1', '2023-11-16 18:15:47'].join('\r\n'), 3, 20, /expected 3 fields .*, got 1 field$/);
  });

  it('an empty line between rows', () => {
    expectError(csv('2023-11-16 18:15:46,1,1', '', '2023-11-16 18:15:47,1,1'), 3, 1, /expected 3 fields .*, got an empty line/);
  });

  it('a malformed TIMESTAMP, saying what shape was expected', () => {
    for (const bad of ['2023/11/16 18:15:46', '2023-11-16', '16-11-2023 18:15:46', '2023-11-16 18:15:46.', '2023-11-16 18:15:46.12x', '2023-11-16 18:15:46Z', '1700150146', '']) {
      const e = expectError(csv('2023-11-16 18:15:46,1,1', `${bad},1,1`), 3, 1,
        /: expected a TIMESTAMP like "2023-11-16 18:15:46.6805900" \(YYYY-MM-DD HH:MM:SS with optional fraction, UTC\), got /);
      expect(e.message.endsWith(`got ${JSON.stringify(bad)}`)).toBe(true);
    }
  });

  it('an out-of-range month, day, hour, minute or second', () => {
    expectError(csv('2023-13-16 18:15:46,1,1'), 2, 1, /month 13 .* expected 01 to 12/);
    expectError(csv('2023-00-16 18:15:46,1,1'), 2, 1, /month 0 .* expected 01 to 12/);
    expectError(csv('2023-02-29 18:15:46,1,1'), 2, 1, /day 29 .* expected 01 to 28 for 2023-02/);
    expectError(csv('2023-04-31 18:15:46,1,1'), 2, 1, /day 31 .* expected 01 to 30 for 2023-04/);
    expectError(csv('2023-04-00 18:15:46,1,1'), 2, 1, /day 0 .* expected 01 to 30/);
    expectError(csv('2023-11-16 24:00:00,1,1'), 2, 1, /hour 24 .* expected 00 to 23/);
    expectError(csv('2023-11-16 18:60:00,1,1'), 2, 1, /minute 60 .* expected 00 to 59/);
    expectError(csv('2023-11-16 18:15:60,1,1'), 2, 1, /second 60 .* expected 00 to 59/);
  });

  it('a row that goes back in time, at that row\'s TIMESTAMP', () => {
    expectError(csv('2023-11-16 18:15:46.5,1,1', '2023-11-16 18:15:47,1,1', '2023-11-16 18:15:46.9999999,1,1'), 4, 1,
      /TIMESTAMP "2023-11-16 18:15:46.9999999" goes back in time from "2023-11-16 18:15:47" on line 3: expected non-decreasing timestamps/);
    expectError(csv('2023-11-16 18:15:46.5,1,1', '2023-11-16 18:15:46.4,1,1'), 3, 1, /goes back in time .* on line 2/);
    expectError(csv('2023-11-17 00:00:00,1,1', '2023-11-16 23:59:59.9,1,1'), 3, 1, /goes back in time/);
  });

  it('a token count that is not a non-negative integer, at its column', () => {
    const ts = '2023-11-16 18:15:46.6805900'; // 27 characters: ContextTokens starts at column 29
    expectError(csv(`${ts},-5,1`), 2, 29, /ContextTokens: expected a non-negative integer, got "-5"/);
    expectError(csv(`${ts},1.5,1`), 2, 29, /ContextTokens: expected a non-negative integer, got "1.5"/);
    expectError(csv(`${ts},,1`), 2, 29, /ContextTokens: expected a non-negative integer, got ""/);
    expectError(csv(`${ts}, 7,1`), 2, 29, /ContextTokens: expected a non-negative integer, got " 7"/);
    expectError(csv(`${ts},1e3,1`), 2, 29, /ContextTokens: expected a non-negative integer, got "1e3"/);
    expectError(csv(`${ts},12,abc`), 2, 32, /GeneratedTokens: expected a non-negative integer, got "abc"/);
    expectError(csv(`${ts},12,-1`), 2, 32, /GeneratedTokens: expected a non-negative integer, got "-1"/);
    expectError(csv(`${ts},12,99999999999999999`), 2, 32, /GeneratedTokens: expected a non-negative integer/);
    expectError([HEADER, `${ts},1,1`, `${ts},1,x`].join('\r\n') + '\r\n', 3, 31, /GeneratedTokens: expected a non-negative integer, got "x"$/);
  });

  it('uses the file name it is given', () => {
    expect(() => parseAzureLlmTrace('', 'traces/conv.csv')).toThrow(/^traces\/conv\.csv:1:1: /);
  });
});

/** The real traces (../shared/traces, next to the repository); skipped with a message when absent. */
const traces = new URL('../../../../shared/traces/', import.meta.url);
const conv = new URL('azure-llm-2023-conv.csv', traces);
const code = new URL('azure-llm-2023-code.csv', traces);
const haveTraces = existsSync(conv) && existsSync(code);
if (!haveTraces) console.warn(`skipping the real Azure LLM trace tests: ${fileURLToPath(traces)} is absent (CI always has it)`);

/** An independent reading with plain splits and Date.parse (millisecond precision). */
function naive(text: string) {
  const rows = text.split(/\r?\n/).slice(1).filter((l) => l !== '').map((l) => l.split(','));
  const t0 = Date.parse(rows[0][0].slice(0, 23).replace(' ', 'T') + 'Z');
  return {
    arrivalS: rows.map((r) => (Date.parse(r[0].slice(0, 23).replace(' ', 'T') + 'Z') - t0) / 1000),
    prompt: rows.map((r) => Number(r[1])),
    output: rows.map((r) => Number(r[2])),
  };
}
const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;

describe('parseAzureLlmTrace on the real Azure LLM traces (Patel et al., Splitwise, ISCA 2024; CC-BY 4.0)', () => {
  for (const [name, url, requests] of [['conversation', conv, 19_366], ['code', code, 8_819]] as const) {
    it.skipIf(!haveTraces)(`reads the ${name} trace: ${requests} requests over about an hour, agreeing with a naive reading`, () => {
      const text = readFileSync(url, 'utf8');
      const t = parseAzureLlmTrace(text, fileURLToPath(url));
      const n = naive(text);
      expect(t.arrivalS.length).toBe(requests);
      expect(t.promptTokens.length).toBe(requests);
      expect(t.outputTokens.length).toBe(requests);
      expect(n.arrivalS.length).toBe(requests);
      expect(t.arrivalS[0]).toBe(0);
      const last = t.arrivalS[requests - 1];
      expect(last).toBeGreaterThan(3000);
      expect(last).toBeLessThan(4000);
      for (let i = 1; i < requests; i++) if (!(t.arrivalS[i] >= t.arrivalS[i - 1])) expect.fail(`arrival ${i} goes back`);
      let worst = 0;
      for (let i = 0; i < requests; i++) worst = Math.max(worst, Math.abs(t.arrivalS[i] - n.arrivalS[i]));
      expect(worst).toBeLessThan(1e-3 + 1e-9); // Date.parse keeps milliseconds only
      expect(Array.from(t.promptTokens)).toEqual(n.prompt);
      expect(Array.from(t.outputTokens)).toEqual(n.output);
      const meanPrompt = mean(t.promptTokens);
      const meanOutput = mean(t.outputTokens);
      expect(meanPrompt).toBeCloseTo(mean(n.prompt), 9);
      expect(meanOutput).toBeCloseTo(mean(n.output), 9);
      // Plausible for LLM serving: prompts of hundreds to a few thousand tokens, outputs of tens to hundreds.
      expect(meanPrompt).toBeGreaterThan(100);
      expect(meanPrompt).toBeLessThan(5000);
      expect(meanOutput).toBeGreaterThan(5);
      expect(meanOutput).toBeLessThan(1000);
      console.info(`${name}: ${requests} requests over ${last.toFixed(1)} s, mean ContextTokens ${meanPrompt.toFixed(1)}, mean GeneratedTokens ${meanOutput.toFixed(1)}`);
    });
  }
});
