import { describe, expect, it } from 'vitest';
import { SpanEnd } from '../../../src/sim/timeline/Timeline.ts';
import { syntheticTimeline } from '../support/syntheticTimeline.ts';

describe('syntheticTimeline', () => {
  it('is deterministic and has exactly the spans asked for, within the run', () => {
    const a = syntheticTimeline({ spans: 10_000, rows: 100, seed: 9 });
    const b = syntheticTimeline({ spans: 10_000, rows: 100, seed: 9 });
    expect(a.spans.count).toBe(10_000);
    expect([...a.spans.startS]).toEqual([...b.spans.startS]);
    const bad: number[] = [];
    for (let i = 0; i < a.spans.count; i++) {
      const s = a.spans;
      if (s.startS[i] < 0 || s.endS[i] > a.endS || s.endS[i] < s.startS[i] || s.gpuFirst[i] + s.gpuCount[i] > a.rows.gpus[s.row[i]]) bad.push(i);
      if (s.end[i] === SpanEnd.interrupted && s.cause[i] < 0) bad.push(i);
    }
    expect(bad).toEqual([]);
  });

  it('never runs two spans on one GPU at once', () => {
    const t = syntheticTimeline({ spans: 20_000, rows: 50, seed: 5 });
    const s = t.spans;
    const byLane = new Map<number, [number, number][]>();
    for (let i = 0; i < s.count; i++) for (let g = s.gpuFirst[i]; g < s.gpuFirst[i] + s.gpuCount[i]; g++) {
      const k = s.row[i] * 8 + g;
      if (!byLane.has(k)) byLane.set(k, []);
      byLane.get(k)!.push([s.startS[i], s.endS[i]]);
    }
    for (const xs of byLane.values()) {
      xs.sort((x, y) => x[0] - y[0]);
      let overlaps = 0;
      for (let j = 1; j < xs.length; j++) if (xs[j][0] < xs[j - 1][1]) overlaps++;
      expect(overlaps).toBe(0);
    }
  });
});
