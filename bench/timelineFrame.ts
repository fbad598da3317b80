/**
 * `npx tsx bench/timelineFrame.ts [spans] [rows]`: the DOM-free part of a timeline frame in
 * Node — indexing a synthetic timeline (once per run) and folding it into the pixels of a
 * 1324 × 670 plot (the timeline at 1440 × 900) over the whole run and zoomed in 4× and 16×.
 * Prints the best of a few repetitions, in ms. Frame times in the browser (canvas included)
 * are measured by test/ui/e2e/timeline.test.ts; this isolates the folding. Asserts nothing.
 */
import { syntheticTimeline } from '../test/ui/support/syntheticTimeline.ts';
import { colorRamp, rasterAggregate, rasterScratch } from '../src/ui/timeline/rasterAggregate.ts';
import { buildSpanIndex } from '../src/ui/timeline/spanIndex.ts';

const SPANS = Number(process.argv[2] ?? 1_000_000);
const ROWS = Number(process.argv[3] ?? 2048);
const WIDTH = 1324, HEIGHT = 670, REPS = 5;

function best(f: () => void): number {
  f();
  let ms = Infinity;
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    f();
    ms = Math.min(ms, performance.now() - t0);
  }
  return ms;
}

const t = syntheticTimeline({ spans: SPANS, rows: ROWS });
const t0 = performance.now();
const ix = buildSpanIndex(t.spans, ROWS);
console.log(`timeline: ${SPANS.toLocaleString('en')} spans on ${ROWS} nodes; index built in ${(performance.now() - t0).toFixed(0)} ms`);
const pixels = new Uint32Array(WIDTH * HEIGHT);
const scratch = rasterScratch(WIDTH, t.workloads.length);
const ramp = colorRamp(t.workloads.length, () => [78, 121, 167]);
for (const zoom of [1, 4, 16]) {
  const w = t.endS / zoom, mid = t.endS / 2;
  const rows = ROWS / Math.sqrt(zoom);
  const ms = best(() => {
    pixels.fill(0);
    rasterAggregate({ ix, gpus: t.rows.gpus, t0S: mid - w / 2, t1S: mid + w / 2, widthPx: WIDTH, heightPx: HEIGHT, rowTop: ROWS / 2 - rows / 2, rowHeightPx: HEIGHT / rows, ramp, pixels }, scratch);
  });
  console.log(`fold to ${WIDTH}×${HEIGHT} px, ${zoom}× on time, ${(rows).toFixed(0)} rows: ${ms.toFixed(1)} ms`);
}
