import { describe, expect, it } from 'vitest';
import { SpanEnd } from '../../../src/sim/timeline/Timeline.ts';
import { describeOutage, describeSpan, endText, findSpanAt, outagesAt } from '../../../src/ui/timeline/hoverInfo.ts';
import { rowGroups } from '../../../src/ui/timeline/rowGroups.ts';
import { buildSpanIndex } from '../../../src/ui/timeline/spanIndex.ts';
import { syntheticTimeline } from '../support/syntheticTimeline.ts';

const t = syntheticTimeline({ spans: 20_000, rows: 64, seed: 3 });
const ix = buildSpanIndex(t.spans, 64);

describe('findSpanAt', () => {
  it('finds the span holding the GPU at that time, else one of the node, else the nearest', () => {
    const s = t.spans;
    for (let i = 0; i < s.count; i += 397) {
      const mid = (s.startS[i] + s.endS[i]) / 2;
      const p = findSpanAt(ix, s.row[i], s.gpuFirst[i], mid, 0);
      expect(ix.source[p]).toBe(i);
    }
    // Just past a span's end, with a tolerance, on an idle lane: the span.
    const i = 5;
    const p = findSpanAt(ix, s.row[i], s.gpuFirst[i], s.endS[i] + 1e-6, 1);
    expect(p).toBeGreaterThanOrEqual(0);
    expect(findSpanAt(ix, -1, 0, 0, 0)).toBe(-1);
    expect(findSpanAt(ix, 0, 0, -1e9, 1)).toBe(-1);
  });
});

describe('describing spans and outages', () => {
  it('names the node, GPUs, task, workload, interval and end', () => {
    const s = t.spans;
    const i = [...Array(s.count).keys()].find((k) => s.end[k] === SpanEnd.interrupted && s.cause[k] === 1)!;
    const d = describeSpan(t, i);
    expect(d.title).toContain(t.workloads[s.workload[i]]);
    expect(d.lines[0]).toContain(t.rows.ids[s.row[i]]);
    expect(d.lines[0]).toMatch(/GPUs? \d/);
    expect(d.lines[1]).toBe(`task ${s.task[i]}`);
    expect(d.lines[2]).toMatch(/^\d+:\d\d:\d\d:\d\d → \d+:\d\d:\d\d:\d\d \(/);
    expect(d.lines[3]).toBe('interrupted by a node failure');
  });

  it('says how each kind of end reads', () => {
    const s = t.spans;
    const find = (end: number): number => [...Array(s.count).keys()].find((k) => s.end[k] === end)!;
    expect(endText(t, find(SpanEnd.completed))).toBe('completed');
    expect(endText(t, find(SpanEnd.preempted))).toMatch(/preempted/);
    expect(endText(t, find(SpanEnd.moved))).toMatch(/moved/);
    expect(endText(t, find(SpanEnd.running))).toMatch(/still running/);
  });

  it('finds and describes the outages over a row at a time', () => {
    const o = t.outages;
    const k = 0;
    const at = outagesAt(t, o.rowFirst[k], (o.startS[k] + o.endS[k]) / 2);
    expect(at).toContain(k);
    expect(describeOutage(t, k)).toMatch(/failure|maintenance/);
    expect(outagesAt(t, o.rowFirst[k], -10)).toEqual([]);
  });
});

describe('rowGroups', () => {
  it('groups rows by site and rack, with short labels', () => {
    const g = rowGroups(t.rows);
    expect(g.racks.length).toBe(4);
    expect(g.racks.map((r) => r.label)).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(g.sites.map((s) => s.label)).toEqual(['east']);
    expect(g.nodeLabels[17]).toBe('n1');
    const big = rowGroups(syntheticTimeline({ spans: 0, rows: 2048 }).rows);
    expect(big.sites.map((s) => [s.label, s.rowFirst, s.rowEnd])).toEqual([['east', 0, 1024], ['site1', 1024, 2048]]);
  });
});
