import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TimelineSpans } from '../../../src/sim/timeline/Timeline.ts';
import { accumulateLanes, columnBuffers, resolveColumns } from '../../../src/ui/timeline/aggregateColumns.ts';
import { buildSpanIndex } from '../../../src/ui/timeline/spanIndex.ts';

interface S { start: number; dur: number; gf: number; gc: number; w: number }

function spansOf(items: readonly S[]): TimelineSpans {
  const n = items.length;
  return {
    count: n, row: new Int32Array(n), gpuFirst: Int16Array.from(items, (s) => s.gf), gpuCount: Int16Array.from(items, (s) => s.gc),
    startS: Float64Array.from(items, (s) => s.start), endS: Float64Array.from(items, (s) => s.start + s.dur), task: new Int32Array(n),
    workload: Int16Array.from(items, (s) => s.w), end: new Uint8Array(n), cause: new Int8Array(n).fill(-1),
  };
}

const spanArb = fc.record({
  start: fc.double({ min: 0, max: 1000, noNaN: true }), dur: fc.double({ min: 0, max: 300, noNaN: true }),
  gf: fc.integer({ min: 0, max: 7 }), gc: fc.integer({ min: 1, max: 8 }), w: fc.integer({ min: 0, max: 2 }),
}).map((s) => ({ ...s, gc: Math.min(s.gc, 8 - s.gf) }));

describe('accumulateLanes + resolveColumns', () => {
  it('conserve the busy GPU-time of the lanes over the window', () => {
    fc.assert(fc.property(fc.array(spanArb, { maxLength: 60 }), fc.integer({ min: 1, max: 300 }), fc.double({ min: -100, max: 900, noNaN: true }), fc.double({ min: 1, max: 1200, noNaN: true }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 8 }),
      (items, cols, t0, width, l0, lw) => {
        const l1 = Math.min(8, l0 + lw);
        const ix = buildSpanIndex(spansOf(items), 1);
        const buf = columnBuffers(cols, 3);
        const busy = new Float32Array(cols), dom = new Int16Array(cols);
        accumulateLanes(ix, 0, l0, l1, t0, t0 + width, buf);
        resolveColumns(buf, busy, dom);
        // Expected: Σ lanes-overlap × time-overlap, in GPU-seconds; the columns hold fractions of lanes × column time.
        let want = 0, over = false;
        for (const s of items) {
          const g = Math.max(0, Math.min(l1, s.gf + s.gc) - Math.max(l0, s.gf));
          want += g * Math.max(0, Math.min(t0 + width, s.start + s.dur) - Math.max(t0, s.start));
        }
        let got = 0;
        for (let c = 0; c < cols; c++) { got += busy[c] * (l1 - l0) * (width / cols); if (busy[c] >= 1) over = true; }
        // Busy fractions are capped at 1 (overlapping spans on one lane), which loses time only then.
        if (!over) expect(got).toBeCloseTo(want, 3);
        else expect(got).toBeLessThanOrEqual(want + 1e-3);
      }));
  });

  it('names the busiest workload of each column and leaves idle columns at -1', () => {
    const ix = buildSpanIndex(spansOf([
      { start: 0, dur: 10, gf: 0, gc: 2, w: 0 },
      { start: 0, dur: 5, gf: 2, gc: 6, w: 1 },
    ]), 1);
    const buf = columnBuffers(4, 2);
    const busy = new Float32Array(4), dom = new Int16Array(4);
    accumulateLanes(ix, 0, 0, 8, 0, 20, buf);
    resolveColumns(buf, busy, dom);
    expect([...dom]).toEqual([1, 0, -1, -1]);
    expect([...busy]).toEqual([1, 0.25, 0, 0]);
  });

  it('clears its buffers for the next band', () => {
    const ix = buildSpanIndex(spansOf([{ start: 0, dur: 10, gf: 0, gc: 8, w: 0 }]), 1);
    const buf = columnBuffers(2, 1);
    const busy = new Float32Array(2), dom = new Int16Array(2);
    accumulateLanes(ix, 0, 0, 8, 0, 10, buf);
    resolveColumns(buf, busy, dom);
    resolveColumns(buf, busy, dom);
    expect([...dom]).toEqual([-1, -1]);
  });
});
