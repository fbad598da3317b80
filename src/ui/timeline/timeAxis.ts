/**
 * The time axis above a timeline (SVG, d3-axis with clock-round ticks) and its scrub strip:
 * a click or a drag on it moves the replay cursor. Shows the cursor as a handle and its time
 * in the corner over the row labels.
 */
import { axisTop, select, type ScaleLinear } from 'd3';
import { formatClock, formatTick, tickStepS, timeTicks } from './timeFormat.ts';

/** Height of the axis (CSS px). */
export const AXIS_HEIGHT_PX = 30;

/** A time axis; see the module comment. */
export interface TimeAxis {
  readonly element: SVGSVGElement;
  /** Draws ticks for scale `x` (domain seconds, range CSS px) over a `widthPx`-wide axis whose plot starts at `plotLeftPx`. */
  render(x: ScaleLinear<number, number>, widthPx: number, plotLeftPx: number): void;
  /** Removes the ticks (no data). */
  clear(): void;
  /**
   * Intervals shown as red bars along the top of the axis, with a title each: outages that
   * take down no row (a WAN link between sites).
   */
  setBands(bands: readonly { startS: number; endS: number; title: string }[]): void;
  /** Moves the cursor handle to `timeS` (NaN hides it). */
  setCursor(timeS: number): void;
  /** Called with the time under the pointer while the user clicks or drags on the axis. */
  onScrub(cb: (timeS: number) => void): void;
  destroy(): void;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Creates a time axis (append `element` where it belongs). */
export function createTimeAxis(): TimeAxis {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.classList.add('tl-axis');
  svg.setAttribute('height', String(AXIS_HEIGHT_PX));
  svg.setAttribute('role', 'slider');
  svg.setAttribute('aria-label', 'Time axis: click or drag to move the replay cursor');
  const root = select(svg);
  const strip = root.append('rect').attr('class', 'tl-axis-strip').attr('y', 0).attr('height', AXIS_HEIGHT_PX);
  const ticks = root.append('g').attr('class', 'tl-axis-ticks').attr('transform', `translate(0,${AXIS_HEIGHT_PX - 1})`);
  const handle = root.append('path').attr('class', 'tl-axis-cursor').attr('d', 'M-6,0 L6,0 L6,8 L0,15 L-6,8 Z');
  const bandsG = root.append('g').attr('class', 'tl-axis-bands');
  let bands: readonly { startS: number; endS: number; title: string }[] = [];
  const readout = root.append('text').attr('class', 'tl-axis-readout').attr('x', 8).attr('y', AXIS_HEIGHT_PX - 10);
  let scale: ScaleLinear<number, number> | null = null;
  let plotLeft = 0, width = 0, cursorS = NaN;
  const scrubbers: ((timeS: number) => void)[] = [];

  const place = (): void => {
    if (!scale || !Number.isFinite(cursorS)) { handle.attr('display', 'none'); readout.text(''); return; }
    const x = scale(cursorS);
    handle.attr('display', x >= plotLeft - 0.5 && x <= width + 0.5 ? null : 'none').attr('transform', `translate(${x},${AXIS_HEIGHT_PX - 16})`);
    readout.text(formatClock(cursorS));
  };

  const drawBands = (): void => {
    const x = scale;
    bandsG.selectAll('rect')
      .data(x ? bands.filter((b) => x(b.endS) >= plotLeft && x(b.startS) <= width) : [])
      .join((enter) => enter.append('rect').call((r) => r.append('title')))
      .attr('x', (b) => Math.max(plotLeft, x!(b.startS)))
      .attr('width', (b) => Math.max(2, Math.min(width, x!(b.endS)) - Math.max(plotLeft, x!(b.startS))))
      .attr('y', 0).attr('height', 4)
      .select('title').text((b) => b.title);
  };

  const timeAt = (ev: PointerEvent): number => {
    const rect = svg.getBoundingClientRect();
    const px = Math.max(plotLeft, Math.min(width, ev.clientX - rect.left));
    const [d0, d1] = scale!.domain();
    return Math.max(Math.min(d0, d1), Math.min(Math.max(d0, d1), scale!.invert(px)));
  };
  let dragging = false;
  const scrub = (ev: PointerEvent): void => {
    if (!scale) return;
    const t = timeAt(ev);
    for (const cb of scrubbers) cb(t);
  };
  const down = (ev: PointerEvent): void => {
    if (!scale || ev.button !== 0) return;
    const rect = svg.getBoundingClientRect();
    if (ev.clientX - rect.left < plotLeft) return;
    dragging = true;
    svg.setPointerCapture?.(ev.pointerId);
    ev.preventDefault();
    scrub(ev);
  };
  const move = (ev: PointerEvent): void => { if (dragging) scrub(ev); };
  const up = (ev: PointerEvent): void => {
    if (!dragging) return;
    dragging = false;
    svg.releasePointerCapture?.(ev.pointerId);
  };
  svg.addEventListener('pointerdown', down);
  svg.addEventListener('pointermove', move);
  svg.addEventListener('pointerup', up);
  svg.addEventListener('pointercancel', up);

  return {
    element: svg,
    render(x, widthPx, plotLeftPx) {
      scale = x; width = widthPx; plotLeft = plotLeftPx;
      svg.setAttribute('width', String(widthPx));
      strip.attr('x', plotLeftPx).attr('width', Math.max(0, widthPx - plotLeftPx));
      const [d0, d1] = x.domain();
      const count = Math.max(2, Math.floor((widthPx - plotLeftPx) / 110));
      const step = tickStepS(d0, d1, count);
      const values = timeTicks(d0, d1, count);
      ticks.call(axisTop(x).tickValues(values).tickFormat((v) => formatTick(Number(v), step)).tickSizeOuter(0).tickSize(5));
      ticks.select('.domain').attr('d', `M${plotLeftPx},0H${widthPx}`);
      // Labels near the ends stay inside the axis.
      ticks.selectAll<SVGGElement, number>('.tick').each(function (v) {
        const px = x(v);
        select(this).select('text').attr('text-anchor', px > widthPx - 30 ? 'end' : px < plotLeftPx + 20 ? 'start' : 'middle');
      });
      drawBands();
      place();
    },
    setBands(b) { bands = b; drawBands(); },
    clear() {
      scale = null;
      ticks.selectAll('*').remove();
      bandsG.selectAll('*').remove();
      place();
    },
    setCursor(timeS) { cursorS = timeS; place(); },
    onScrub(cb) { scrubbers.push(cb); },
    destroy() {
      svg.removeEventListener('pointerdown', down);
      svg.removeEventListener('pointermove', move);
      svg.removeEventListener('pointerup', up);
      svg.removeEventListener('pointercancel', up);
      svg.remove();
    },
  };
}
