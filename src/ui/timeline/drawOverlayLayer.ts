import { failureColor } from '../theme/palette.ts';
import { rowY, type FrameGeometry, type ThemeColors } from './drawLayers.ts';
import { spanRect } from './spanRect.ts';
import { GUTTER_PX, type TimelineState } from './TimelineState.ts';

/**
 * Redraws the overlay canvas of `ctx` (cleared first): the replay cursor, the rows down at
 * the cursor (gutter tinted, the cursor red over them), and the outline of the hovered span
 * or row. Nothing but the clearing without a frame geometry or data.
 */
export function drawOverlayLayer(ctx: CanvasRenderingContext2D, s: TimelineState, g: FrameGeometry | null, theme: ThemeColors): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  const { data, cursorS, widthPx, heightPx } = s;
  if (!g || !data) return;
  ctx.setTransform(s.dpr, 0, 0, s.dpr, 0, 0);
  const cx = g.x(cursorS);
  const cursorIn = Number.isFinite(cursorS) && cx >= GUTTER_PX - 0.5 && cx <= widthPx + 0.5;
  if (Number.isFinite(cursorS)) drawDownAtCursor(ctx, s, g, cursorIn ? cx : null);
  if (cursorIn) {
    ctx.strokeStyle = theme.ink; ctx.lineWidth = 1.5;
    ctx.beginPath(); ctx.moveTo(cx, 0); ctx.lineTo(cx, heightPx); ctx.stroke();
  }
  drawHover(ctx, s, g, theme);
}

/** Rows down at the cursor: the gutter tinted, and a red bar over them at `cx` (null: the cursor is out of view). */
function drawDownAtCursor(ctx: CanvasRenderingContext2D, s: TimelineState, g: FrameGeometry, cx: number | null): void {
  const o = s.data!.outages, cursorS = s.cursorS;
  const tint = new Path2D(), bar = new Path2D();
  for (let k = 0; k < o.count; k++) {
    if (o.rowEnd[k] <= o.rowFirst[k] || !(o.startS[k] <= cursorS && cursorS < o.endS[k])) continue;
    if (o.rowEnd[k] <= g.rowFirst || o.rowFirst[k] >= g.rowEnd) continue;
    const y0 = Math.max(0, rowY(g, o.rowFirst[k])), y1 = Math.min(s.heightPx, rowY(g, o.rowEnd[k]));
    const h = Math.max(1, y1 - y0);
    tint.rect(0, y0, GUTTER_PX - 1, h);
    if (cx !== null) bar.rect(cx - 2.5, y0, 5, h);
  }
  ctx.fillStyle = 'rgba(214, 39, 40, 0.2)'; ctx.fill(tint);
  ctx.fillStyle = failureColor; ctx.fill(bar);
}

/** The hovered span outlined, and the hovered row when no span is (or rows are thin). */
function drawHover(ctx: CanvasRenderingContext2D, s: TimelineState, g: FrameGeometry, theme: ThemeColors): void {
  const hover = s.hover;
  if (!hover || !s.ix) return;
  ctx.strokeStyle = theme.ink; ctx.lineWidth = 1.5;
  if (hover.pos >= 0) {
    const b = spanRect(s, g, hover.pos);
    if (b) ctx.strokeRect(b.x - 0.75, b.y - 0.75, b.width + 1.5, b.height + 1.5);
  }
  if (hover.pos < 0 || g.rowHeightPx < 4) {
    const y0 = rowY(g, hover.row);
    ctx.strokeStyle = 'rgba(29, 35, 48, 0.45)'; ctx.lineWidth = 1;
    ctx.strokeRect(0.5, Math.round(y0) - 0.5, s.widthPx - 1, Math.max(1, Math.round(g.rowHeightPx)) + 1);
  }
}
