import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TimelineSpans } from '../../../src/sim/timeline/Timeline.ts';
import { buildSpanIndex, countCandidates, forEachVisible } from '../../../src/ui/timeline/spanIndex.ts';
import { syntheticTimeline } from '../support/syntheticTimeline.ts';

/** Spans from [row, start, duration] triples. */
function spansOf(items: readonly (readonly [number, number, number])[]): TimelineSpans {
  const n = items.length;
  const s: TimelineSpans = {
    count: n, row: new Int32Array(n), gpuFirst: new Int16Array(n), gpuCount: new Int16Array(n).fill(1),
    startS: new Float64Array(n), endS: new Float64Array(n), task: new Int32Array(n), workload: new Int16Array(n),
    end: new Uint8Array(n), cause: new Int8Array(n).fill(-1),
  };
  items.forEach(([r, a, d], i) => { s.row[i] = r; s.startS[i] = a; s.endS[i] = a + d; s.task[i] = i; });
  return s;
}

const span = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.double({ min: 0, max: 1000, noNaN: true }), fc.oneof(fc.constant(0), fc.double({ min: 0, max: 400, noNaN: true })));

describe('buildSpanIndex', () => {
  it('groups spans by row, sorted by start, and keeps every span once', () => {
    fc.assert(fc.property(fc.array(span, { maxLength: 200 }), (items) => {
      const spans = spansOf(items);
      const ix = buildSpanIndex(spans, 5);
      expect([...ix.source].sort((a, b) => a - b)).toEqual(items.map((_, i) => i));
      for (let r = 0; r < 5; r++) {
        for (let p = ix.rowStart[r]; p < ix.rowStart[r + 1]; p++) {
          const i = ix.source[p];
          expect(spans.row[i]).toBe(r);
          expect(ix.startS[p]).toBe(spans.startS[i]);
          expect(ix.endS[p]).toBe(spans.endS[i]);
          if (p > ix.rowStart[r]) expect(ix.startS[p]).toBeGreaterThanOrEqual(ix.startS[p - 1]);
        }
      }
    }));
  });

  it('finds exactly the spans meeting a time window, and counts no fewer', () => {
    fc.assert(fc.property(fc.array(span, { maxLength: 200 }), fc.double({ min: -50, max: 1500, noNaN: true }), fc.double({ min: 0, max: 800, noNaN: true }), (items, from, width) => {
      const spans = spansOf(items);
      const ix = buildSpanIndex(spans, 5);
      const to = from + width;
      let found = 0;
      for (let r = 0; r < 5; r++) {
        const got: number[] = [];
        forEachVisible(ix, r, from, to, (p) => got.push(ix.source[p]));
        const want = items.map((it, i) => [it, i] as const).filter(([[row, a, d]]) => row === r && a <= to && a + d >= from).map(([, i]) => i);
        expect(got.sort((a, b) => a - b)).toEqual(want);
        found += got.length;
      }
      expect(countCandidates(ix, 0, 5, from, to)).toBeGreaterThanOrEqual(found);
    }));
  });

  it('leaves out spans of rows outside the timeline', () => {
    const ix = buildSpanIndex(spansOf([[0, 1, 1], [7, 1, 1], [-1, 2, 2]]), 2);
    expect(ix.rowStart[2]).toBe(1);
  });

  it('indexes a million spans in well under two seconds', () => {
    const t = syntheticTimeline({ spans: 1_000_000, rows: 2048 });
    const t0 = performance.now();
    const ix = buildSpanIndex(t.spans, t.rows.ids.length);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(ix.rowStart[2048]).toBe(1_000_000);
  });
});
