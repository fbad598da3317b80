/**
 * What the pointer is over on a timeline, in words: the span at a row, GPU lane and time
 * (the one holding that GPU, else any of the node, else the nearest within a tolerance), how
 * it ended, and the outages covering the spot. DOM-free: the view turns the result into a
 * tooltip.
 */
import { failureTargetInfo, isFailureTarget, withArticle } from '../../sim/scenario/failureTargets.ts';
import { causeNames, SpanEnd, type Timeline } from '../../sim/timeline/Timeline.ts';
import { candidateEnd, firstCandidate, type SpanIndex } from './spanIndex.ts';
import { formatClock, formatDuration } from './timeFormat.ts';

/**
 * Position (in `ix`) of the span of `row` at `timeS`: one holding GPU `lane` there if any,
 * else one of the node running there, else the one nearest in time within `tolS` (holding
 * `lane` first); -1 when none.
 */
export function findSpanAt(ix: SpanIndex, row: number, lane: number, timeS: number, tolS: number): number {
  if (row < 0 || row >= ix.rowCount) return -1;
  const a = firstCandidate(ix, row, timeS - tolS), b = candidateEnd(ix, row, timeS + tolS);
  let anyCovering = -1, nearLane = -1, nearAny = -1;
  let nearLaneGap = Infinity, nearAnyGap = Infinity;
  for (let p = a; p < b; p++) {
    const s = ix.startS[p], e = ix.endS[p];
    if (e < timeS - tolS) continue;
    const onLane = lane >= ix.gpuFirst[p] && lane < ix.gpuFirst[p] + ix.gpuCount[p];
    const gap = timeS < s ? s - timeS : timeS > e ? timeS - e : 0;
    if (gap === 0) {
      if (onLane) return p;
      if (anyCovering < 0) anyCovering = p;
    }
    if (onLane && gap < nearLaneGap) { nearLaneGap = gap; nearLane = p; }
    if (gap < nearAnyGap) { nearAnyGap = gap; nearAny = p; }
  }
  if (anyCovering >= 0) return anyCovering;
  return nearLane >= 0 ? nearLane : nearAny;
}

/** How span `i` of `t` ended, e.g. `interrupted by a node failure`, `still running`. */
export function endText(t: Timeline, i: number): string {
  const end = t.spans.end[i];
  switch (end) {
    case SpanEnd.completed: return 'completed';
    case SpanEnd.interrupted: {
      const c = t.spans.cause[i];
      const name = c >= 0 && c < causeNames.length ? causeNames[c] : '';
      if (name === 'planned') return 'interrupted by planned maintenance';
      return name ? `interrupted by ${withArticle(name)} failure` : 'interrupted by a failure';
    }
    case SpanEnd.preempted: return 'preempted by the scheduler';
    case SpanEnd.running: return 'still running at the end of the run';
    case SpanEnd.moved: return 'moved (swap, shrink, redeploy or maintenance)';
    default: return `ended (${end})`;
  }
}

/** A tooltip's content: a title and lines. */
export interface HoverText {
  readonly title: string;
  readonly lines: readonly string[];
}

/** GPUs of span `i` as `GPU 3` or `GPUs 0–7`, with the node's size (`of 8`). */
function gpuText(t: Timeline, i: number): string {
  const f = t.spans.gpuFirst[i], c = t.spans.gpuCount[i];
  const of = t.rows.gpus[t.spans.row[i]];
  return `${c === 1 ? `GPU ${f}` : `GPUs ${f}–${f + c - 1}`} of ${of}`;
}

/** The words for span `i` of `t`: node and GPUs, task and workload, interval, end. */
export function describeSpan(t: Timeline, i: number): HoverText {
  const s = t.spans;
  const w = s.workload[i];
  const name = t.workloads[w] ?? `workload ${w}`;
  const kind = t.workloadKinds[w];
  const fine = t.endS < 600 ? 1 : 0;
  return {
    title: `${name}${kind ? ` (${kind})` : ''}`,
    lines: [
      `${t.rows.ids[s.row[i]] ?? `row ${s.row[i]}`} · ${gpuText(t, i)}`,
      `task ${s.task[i]}`,
      `${formatClock(s.startS[i], fine)} → ${formatClock(s.endS[i], fine)} (${formatDuration(s.endS[i] - s.startS[i])})`,
      endText(t, i),
    ],
  };
}

/** Indices of the outages of `t` covering `row` at `timeS` (closed interval, with `tolS`). */
export function outagesAt(t: Timeline, row: number, timeS: number, tolS = 0): number[] {
  const o = t.outages, out: number[] = [];
  for (let k = 0; k < o.count; k++) {
    if (row >= o.rowFirst[k] && row < o.rowEnd[k] && o.startS[k] - tolS <= timeS && timeS <= o.endS[k] + tolS) out.push(k);
  }
  return out;
}

/** One line for outage `k`: `node failure east/r0/n3, 0:10:00:00 → 0:12:00:00 (2 h)`. */
export function describeOutage(t: Timeline, k: number): string {
  const o = t.outages;
  const level = causeNames[o.level[k]];
  const noun = level !== undefined && isFailureTarget(level) ? failureTargetInfo(level).noun : 'component';
  const what = o.planned[k] ? `planned maintenance (${noun})` : `${noun} failure`;
  const back = o.endS[k] >= t.endS ? 'not repaired by the end' : formatClock(o.endS[k]);
  return `${what} ${o.ids[k] ?? ''}, ${formatClock(o.startS[k])} → ${back} (${formatDuration(o.endS[k] - o.startS[k])})`;
}
