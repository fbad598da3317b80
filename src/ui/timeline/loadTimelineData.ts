import { color as parseColor } from 'd3';
import type { Timeline } from '../../sim/timeline/Timeline.ts';
import { outageLanes } from './drawLayers.ts';
import { colorRamp } from './rasterAggregate.ts';
import { rowGroups } from './rowGroups.ts';
import { buildSpanIndex, type SpanIndex } from './spanIndex.ts';
import type { TimelineState } from './TimelineState.ts';

/** Span indexes by timeline, so switching back to a run shown before is instant. */
const indexCache = new WeakMap<Timeline, SpanIndex>();

/**
 * Puts timeline `t` in the state with what is derived from it: its span index (cached per
 * timeline), row groups, outage lanes, workload colours (`workloadColor(i)` colours workload
 * i) and their pixel ramp, and the most GPUs on a node. A null or row-less timeline clears it.
 */
export function loadTimelineData(s: TimelineState, t: Timeline | null, workloadColor: (i: number) => string): void {
  const data = t && t.rows.ids.length > 0 ? t : null;
  s.data = data;
  if (!data) {
    s.ix = null; s.groups = null; s.colors = []; s.laneOf = new Int16Array(0);
    return;
  }
  const ix = indexCache.get(data) ?? buildSpanIndex(data.spans, data.rows.ids.length);
  indexCache.set(data, ix);
  s.ix = ix;
  s.groups = rowGroups(data.rows);
  s.laneOf = outageLanes(data);
  let colors = data.workloads.map((_, i) => workloadColor(i));
  if (colors.length === 0) colors = [workloadColor(0)];
  s.colors = colors;
  s.ramp = colorRamp(colors.length, (w) => {
    const c = parseColor(colors[w])?.rgb();
    return c ? [Math.round(c.r), Math.round(c.g), Math.round(c.b)] : [122, 131, 150];
  });
  let maxGpus = 1;
  for (const g of data.rows.gpus) if (g > maxGpus) maxGpus = g;
  s.maxGpus = maxGpus;
}
