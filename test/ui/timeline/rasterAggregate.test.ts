import { describe, expect, it } from 'vitest';
import { colorRamp, rasterAggregate, rasterScratch, RAMP_LEVELS } from '../../../src/ui/timeline/rasterAggregate.ts';
import { buildSpanIndex } from '../../../src/ui/timeline/spanIndex.ts';
import type { Timeline } from '../../../src/sim/timeline/Timeline.ts';
import { syntheticTimeline } from '../support/syntheticTimeline.ts';

/** Workload w's pixel at level l packs (w + 1, 0, 0, l). */
const ramp = colorRamp(5, (w) => [w + 1, 0, 0]);
const workloadOf = (px: number): number => (new Uint8Array(new Uint32Array([px]).buffer)[0]) - 1;

function raster(t: Timeline, width: number, height: number, rowTop: number, rowHeightPx: number, t0S = 0, t1S = t.endS) {
  const ix = buildSpanIndex(t.spans, t.rows.ids.length);
  const pixels = new Uint32Array(width * height);
  const stats = rasterAggregate({ ix, gpus: t.rows.gpus, t0S, t1S, widthPx: width, heightPx: height, rowTop, rowHeightPx, ramp, pixels }, rasterScratch(width, t.workloads.length));
  return { pixels, stats };
}

describe('rasterAggregate', () => {
  it('visits every span once when rows are thinner than a pixel, and colours busy pixels only', () => {
    const t = syntheticTimeline({ spans: 30_000, rows: 256, seed: 2 });
    const { pixels, stats } = raster(t, 300, 64, 0, 0.25);
    expect(stats.visited).toBe(30_000);
    expect(stats.computedRows).toBe(64);
    let busy = 0;
    for (const p of pixels) if (p !== 0) { busy++; expect(workloadOf(p)).toBeGreaterThanOrEqual(0); expect(workloadOf(p)).toBeLessThan(5); }
    expect(busy / pixels.length).toBeGreaterThan(0.8);
  });

  it('computes each node once and copies it down when rows are taller than a pixel', () => {
    const t = syntheticTimeline({ spans: 2000, rows: 16, seed: 4 });
    const { pixels, stats } = raster(t, 100, 64, 0, 4);
    expect(stats.computedRows).toBe(16);
    for (let r = 0; r < 16; r++) for (let y = 1; y < 4; y++) {
      expect(pixels.subarray((r * 4 + y) * 100, (r * 4 + y + 1) * 100)).toEqual(pixels.subarray(r * 4 * 100, (r * 4 + 1) * 100));
    }
  });

  it('shows GPU lanes apart when they are a pixel or taller', () => {
    const t = syntheticTimeline({ spans: 2000, rows: 4, seed: 4 });
    const { stats } = raster(t, 100, 64, 0, 16);
    expect(stats.computedRows).toBe(32);
  });

  it('paints a lone span in its own colour at full strength, over its columns only', () => {
    const t = syntheticTimeline({ spans: 0, rows: 1 });
    const one: Timeline = { ...t, spans: { count: 1, row: Int32Array.of(0), gpuFirst: Int16Array.of(0), gpuCount: Int16Array.of(8), startS: Float64Array.of(25), endS: Float64Array.of(75), task: Int32Array.of(1), workload: Int16Array.of(3), end: Uint8Array.of(0), cause: Int8Array.of(-1) } };
    const { pixels } = raster(one, 100, 1, 0, 1, 0, 100);
    expect(pixels[10]).toBe(0);
    expect(pixels[50]).toBe(ramp[3 * RAMP_LEVELS + RAMP_LEVELS - 1]);
    expect(pixels[80]).toBe(0);
  });
});
