/**
 * Canvas drawing of a timeline frame, layer by layer: the spans one by one (zoomed in), the
 * outages with their failure and repair marks, the rack and site separators, and the row
 * labels in the gutter. Geometry comes in a {@link FrameGeometry}; nothing here keeps state.
 */
import type { ScaleLinear } from 'd3';
import { failureColor, outageFill, plannedFill } from '../theme/palette.ts';
import { SpanEnd, type Timeline } from '../../sim/timeline/Timeline.ts';
import type { RowGroups } from './rowGroups.ts';
import { forEachVisible, type SpanIndex } from './spanIndex.ts';

/** Colours and font read from the theme (CSS variables) once. */
export interface ThemeColors {
  readonly ink: string;
  readonly ink2: string;
  readonly ink3: string;
  readonly line: string;
  readonly panel: string;
  readonly font: string;
  readonly mono: string;
}

/** Where things go in one frame (CSS px; the canvas is scaled by `dpr`). */
export interface FrameGeometry {
  readonly widthPx: number;
  readonly heightPx: number;
  /** Width of the row-label gutter; the plot spans [plotLeftPx, widthPx]. */
  readonly plotLeftPx: number;
  /** Time (s) → x (CSS px). */
  readonly x: ScaleLinear<number, number>;
  readonly t0S: number;
  readonly t1S: number;
  /** Row coordinate at y = 0 and height of a row (CSS px). */
  readonly rowTop: number;
  readonly rowHeightPx: number;
  /** Visible rows [rowFirst, rowEnd). */
  readonly rowFirst: number;
  readonly rowEnd: number;
}

/** y (CSS px) of the top of row coordinate `row` (a row index plus a fraction). */
export const rowY = (g: FrameGeometry, row: number): number => (row - g.rowTop) * g.rowHeightPx;

/**
 * Draws every visible span as a rectangle on its GPUs' share of its row, coloured by
 * workload, with its end visible: a red bar where a failure interrupted it, a dark bar where
 * it was preempted, a hollow bar where it was moved. Returns the spans drawn.
 */
export function drawSpans(ctx: CanvasRenderingContext2D, g: FrameGeometry, ix: SpanIndex, gpus: Int32Array, colors: readonly string[], theme: ThemeColors): number {
  const nw = Math.max(1, colors.length);
  const bodies = Array.from({ length: nw }, () => new Path2D());
  const interrupted = new Path2D(), preempted = new Path2D(), moved = new Path2D(), hairlines = new Path2D();
  const left = g.plotLeftPx - 2, right = g.widthPx + 2;
  const span = g.t1S - g.t0S, plotW = g.widthPx - g.plotLeftPx;
  const pxPerS = plotW / span;
  let drawn = 0;
  for (let r = g.rowFirst; r < g.rowEnd; r++) {
    const y0 = rowY(g, r);
    const laneH = g.rowHeightPx / Math.max(1, gpus[r]);
    const gapY = laneH >= 5 ? 1 : 0;
    forEachVisible(ix, r, g.t0S, g.t1S, (p) => {
      const xs = g.plotLeftPx + (ix.startS[p] - g.t0S) * pxPerS;
      const xe = g.plotLeftPx + (ix.endS[p] - g.t0S) * pxPerS;
      const x0 = xs < left ? left : xs;
      const x1 = xe > right ? right : xe;
      const y = y0 + ix.gpuFirst[p] * laneH;
      const h = Math.max(0.75, ix.gpuCount[p] * laneH - gapY);
      const w = x1 - x0;
      const gapX = w >= 5 ? 1 : 0;
      let wl = ix.workload[p];
      if (wl < 0 || wl >= nw) wl = nw - 1;
      bodies[wl].rect(x0, y, Math.max(1, w - gapX), h);
      drawn++;
      if (xe <= right && w >= 3) {
        const e = ix.end[p];
        const bw = Math.min(3, w / 3);
        // A light hairline before the bar keeps it apart from a span of a similar colour.
        if (e === SpanEnd.interrupted) { interrupted.rect(xe - gapX - bw, y, bw, h); hairlines.rect(xe - gapX - bw - 1, y, 1, h); }
        else if (e === SpanEnd.preempted) { preempted.rect(xe - gapX - bw, y, bw, h); hairlines.rect(xe - gapX - bw - 1, y, 1, h); }
        else if (e === SpanEnd.moved && h >= 3) moved.rect(xe - gapX - bw + 0.5, y + 0.5, Math.max(1, bw - 1), h - 1);
      }
    });
  }
  for (let w = 0; w < nw; w++) { ctx.fillStyle = colors[w] ?? theme.ink3; ctx.fill(bodies[w]); }
  ctx.fillStyle = 'rgba(255, 255, 255, 0.85)'; ctx.fill(hairlines);
  ctx.fillStyle = failureColor; ctx.fill(interrupted);
  ctx.fillStyle = theme.ink; ctx.fill(preempted);
  ctx.fillStyle = theme.panel; ctx.fill(moved);
  ctx.lineWidth = 1; ctx.strokeStyle = theme.ink; ctx.stroke(moved);
  return drawn;
}

/**
 * GPU lane of each outage of `t` (its id ends in `/g<k>`, level 0), else -1 (the whole rows).
 */
export function outageLanes(t: Timeline): Int16Array {
  const out = new Int16Array(t.outages.count).fill(-1);
  for (let k = 0; k < t.outages.count; k++) {
    if (t.outages.level[k] !== 0) continue;
    const m = /\/g(\d+)$/.exec(t.outages.ids[k] ?? '');
    if (m) out[k] = Number(m[1]);
  }
  return out;
}

/**
 * Shades the outages over their rows (failures red, planned maintenance grey; a GPU's
 * failure on its own lane), then marks each failure's start with a red line and a ▼ and its
 * repair with a dark dashed line and a △.
 */
export function drawOutages(ctx: CanvasRenderingContext2D, g: FrameGeometry, t: Timeline, lanes: Int16Array, theme: ThemeColors): void {
  const o = t.outages;
  const fails = new Path2D(), planned = new Path2D(), starts = new Path2D(), ends = new Path2D(), plannedMarks = new Path2D();
  const tri = new Path2D(), repairTri = new Path2D();
  for (let k = 0; k < o.count; k++) {
    if (o.rowEnd[k] <= o.rowFirst[k] || o.endS[k] < g.t0S || o.startS[k] > g.t1S) continue;
    if (o.rowEnd[k] <= g.rowFirst || o.rowFirst[k] >= g.rowEnd) continue;
    let y0 = rowY(g, o.rowFirst[k]), y1 = rowY(g, o.rowEnd[k]);
    const lane = lanes[k];
    if (lane >= 0) {
      const laneH = g.rowHeightPx / Math.max(1, t.rows.gpus[o.rowFirst[k]]);
      if (laneH >= 1.5) { y0 += lane * laneH; y1 = y0 + laneH; }
    }
    if (y1 - y0 < 1) y1 = y0 + 1;
    const xs = g.x(o.startS[k]), xe = g.x(o.endS[k]);
    const x0 = Math.max(g.plotLeftPx, xs), x1 = Math.min(g.widthPx, xe);
    (o.planned[k] ? planned : fails).rect(x0, y0, Math.max(1, x1 - x0), y1 - y0);
    const inStart = xs >= g.plotLeftPx && xs <= g.widthPx;
    const inEnd = xe >= g.plotLeftPx && xe <= g.widthPx && o.endS[k] < t.endS;
    if (o.planned[k]) {
      if (inStart) { plannedMarks.moveTo(xs, y0); plannedMarks.lineTo(xs, y1); }
      if (inEnd) { plannedMarks.moveTo(xe, y0); plannedMarks.lineTo(xe, y1); }
      continue;
    }
    if (inStart) {
      starts.moveTo(xs, y0); starts.lineTo(xs, y1);
      const s = y1 - y0 >= 3 ? 4.5 : 3.5, ty = Math.max(0, y0);
      tri.moveTo(xs - s, ty); tri.lineTo(xs + s, ty); tri.lineTo(xs, ty + s * 1.4); tri.closePath();
    }
    if (inEnd) {
      ends.moveTo(xe, y0); ends.lineTo(xe, y1);
      const s = y1 - y0 >= 3 ? 4 : 3, by = Math.min(g.heightPx, y1);
      repairTri.moveTo(xe - s, by); repairTri.lineTo(xe + s, by); repairTri.lineTo(xe, by - s * 1.4); repairTri.closePath();
    }
  }
  ctx.fillStyle = outageFill; ctx.fill(fails);
  ctx.fillStyle = plannedFill; ctx.fill(planned);
  ctx.lineWidth = 1;
  ctx.strokeStyle = theme.ink3; ctx.setLineDash([2, 2]); ctx.stroke(plannedMarks);
  ctx.strokeStyle = theme.ink2; ctx.setLineDash([3, 2]); ctx.stroke(ends);
  ctx.setLineDash([]);
  ctx.lineWidth = 1.5; ctx.strokeStyle = failureColor; ctx.stroke(starts);
  ctx.fillStyle = failureColor; ctx.fill(tri);
  ctx.lineWidth = 1.25; ctx.fillStyle = theme.panel; ctx.fill(repairTri); ctx.strokeStyle = theme.ink2; ctx.stroke(repairTri);
}

/**
 * Separators between sites (dark), racks (light, when a rack is at least 10 px tall) and
 * nodes (faint, when a node is at least 10 px tall), across the plot.
 */
export function drawSeparators(ctx: CanvasRenderingContext2D, g: FrameGeometry, groups: RowGroups, theme: ThemeColors): void {
  const line = (path: Path2D, row: number): void => {
    const y = Math.round(rowY(g, row)) + 0.5;
    if (y < 0 || y > g.heightPx) return;
    path.moveTo(g.plotLeftPx, y); path.lineTo(g.widthPx, y);
  };
  const nodes = new Path2D(), racks = new Path2D(), sites = new Path2D();
  if (g.rowHeightPx >= 10) for (let r = g.rowFirst + 1; r < g.rowEnd; r++) line(nodes, r);
  const rackTall = groups.racks.length > 0 && (g.rowHeightPx * (groups.racks[0].rowEnd - groups.racks[0].rowFirst)) >= 10;
  if (rackTall) for (const k of groups.racks) if (k.rowFirst > 0 && k.rowFirst >= g.rowFirst && k.rowFirst <= g.rowEnd) line(racks, k.rowFirst);
  for (const s of groups.sites) if (s.rowFirst > 0 && s.rowFirst >= g.rowFirst && s.rowFirst <= g.rowEnd) line(sites, s.rowFirst);
  ctx.lineWidth = 1;
  ctx.strokeStyle = 'rgba(29, 35, 48, 0.07)'; ctx.stroke(nodes);
  ctx.strokeStyle = theme.line; ctx.stroke(racks);
  ctx.strokeStyle = theme.ink3; ctx.stroke(sites);
}

/**
 * The gutter: site names (bold, kept in view while the site is), rack names when a rack is
 * tall enough to carry one, node names (and GPU numbers) when rows (lanes) are.
 */
export function drawGutter(ctx: CanvasRenderingContext2D, g: FrameGeometry, groups: RowGroups, gpus: Int32Array, theme: ThemeColors): void {
  const w = g.plotLeftPx;
  ctx.fillStyle = theme.panel;
  ctx.fillRect(0, 0, w, g.heightPx);
  ctx.strokeStyle = theme.line; ctx.lineWidth = 1;
  ctx.beginPath(); ctx.moveTo(w - 0.5, 0); ctx.lineTo(w - 0.5, g.heightPx); ctx.stroke();
  ctx.textBaseline = 'middle';
  const band = (first: number, end: number): [number, number] => [Math.max(0, rowY(g, first)), Math.min(g.heightPx, rowY(g, end))];
  // Sites: bold label at the top of the visible part of the band; a rule between sites.
  ctx.font = `600 12px ${theme.font}`;
  for (const s of groups.sites) {
    const [y0, y1] = band(s.rowFirst, s.rowEnd);
    if (y1 - y0 < 2) continue;
    if (s.rowFirst > 0 && y0 > 0) { ctx.strokeStyle = theme.ink3; ctx.beginPath(); ctx.moveTo(0, Math.round(y0) + 0.5); ctx.lineTo(w, Math.round(y0) + 0.5); ctx.stroke(); }
    if (y1 - y0 >= 14) { ctx.fillStyle = theme.ink; ctx.fillText(clip(ctx, s.label, 52), 6, y0 + 8); }
  }
  // Racks: a rule and a label (middle of the band) when a rack is 12 px tall or more.
  const rackH = groups.racks.length ? g.rowHeightPx * (groups.racks[0].rowEnd - groups.racks[0].rowFirst) : 0;
  ctx.font = `11px ${theme.font}`;
  if (rackH >= 10) {
    ctx.strokeStyle = theme.line;
    for (const k of groups.racks) {
      const [y0, y1] = band(k.rowFirst, k.rowEnd);
      if (y1 <= y0) continue;
      if (k.rowFirst > 0 && y0 > 0) { ctx.beginPath(); ctx.moveTo(48, Math.round(y0) + 0.5); ctx.lineTo(w, Math.round(y0) + 0.5); ctx.stroke(); }
      if (y1 - y0 >= 12) { ctx.fillStyle = theme.ink2; ctx.fillText(clip(ctx, k.label, 40), 58, rackH >= 40 ? Math.max(y0 + 8, Math.min(y1 - 8, 14)) : (y0 + y1) / 2); }
    }
  } else if (rackH >= 1) {
    // Racks too thin for a label each: every n-th rack, with a tick at its top.
    const stride = Math.ceil(16 / rackH);
    ctx.fillStyle = theme.ink3; ctx.strokeStyle = theme.ink3;
    groups.racks.forEach((k, i) => {
      if (i % stride !== 0) return;
      const y0 = rowY(g, k.rowFirst);
      if (y0 < 6 || y0 > g.heightPx - 6) return;
      ctx.beginPath(); ctx.moveTo(52, Math.round(y0) + 0.5); ctx.lineTo(56, Math.round(y0) + 0.5); ctx.stroke();
      ctx.fillText(clip(ctx, k.label, 40), 58, y0 + 5);
    });
  }
  // Nodes, and GPUs when lanes are tall enough.
  if (g.rowHeightPx >= 12) {
    ctx.textAlign = 'right';
    for (let r = g.rowFirst; r < g.rowEnd; r++) {
      const y0 = rowY(g, r);
      const laneH = g.rowHeightPx / Math.max(1, gpus[r]);
      ctx.font = `11px ${theme.font}`;
      ctx.fillStyle = theme.ink2;
      if (laneH >= 11 && gpus[r] > 1) {
        // The node's name stays in view while any of its lanes is.
        const y = Math.min(y0 + g.rowHeightPx - laneH / 2, Math.max(y0 + laneH / 2, laneH / 2));
        ctx.fillText(groups.nodeLabels[r] ?? '', w - 26, y);
        ctx.font = `10px ${theme.mono}`;
        ctx.fillStyle = theme.ink3;
        for (let k = 0; k < gpus[r]; k++) ctx.fillText(`g${k}`, w - 5, y0 + (k + 0.5) * laneH);
      } else {
        ctx.fillText(groups.nodeLabels[r] ?? '', w - 6, y0 + g.rowHeightPx / 2);
      }
    }
    ctx.textAlign = 'left';
  }
}

/** `text` cut with an ellipsis to fit `maxPx`. */
function clip(ctx: CanvasRenderingContext2D, text: string, maxPx: number): string {
  if (ctx.measureText(text).width <= maxPx) return text;
  let s = text;
  while (s.length > 1 && ctx.measureText(`${s}…`).width > maxPx) s = s.slice(0, -1);
  return `${s}…`;
}
