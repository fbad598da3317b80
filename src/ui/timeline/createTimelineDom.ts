import { createTimeAxis, type TimeAxis } from './timeAxis.ts';

/** The elements of a timeline view (see createTimeline.ts). */
export interface TimelineDom {
  /** The view's root (`.tl`, test id `timeline`). */
  readonly el: HTMLDivElement;
  readonly legend: HTMLDivElement;
  /** What the plot and the tooltip are placed in. */
  readonly stage: HTMLDivElement;
  /** The focusable plot, holding the base canvas and the overlay canvas above it. */
  readonly plot: HTMLDivElement;
  readonly baseCanvas: HTMLCanvasElement;
  readonly overlayCanvas: HTMLCanvasElement;
  readonly tooltip: HTMLDivElement;
  readonly zoomIn: HTMLButtonElement;
  readonly zoomOut: HTMLButtonElement;
  readonly reset: HTMLButtonElement;
  readonly perGpuBox: HTMLInputElement;
  /** Words for screen readers, describing the plot. */
  readonly summary: HTMLDivElement;
  readonly axis: TimeAxis;
}

/** Builds the elements of a timeline view at the end of `root`, from a fixed template. */
export function createTimelineDom(root: HTMLElement): TimelineDom {
  const el = document.createElement('div');
  el.className = 'tl';
  el.dataset.testid = 'timeline';
  el.innerHTML = `
    <div class="tl-bar">
      <div class="tl-legend" aria-label="Legend"></div>
      <div class="tl-tools">
        <button type="button" class="tl-zoom-out" title="Zoom out (−)" aria-label="Zoom out">−</button>
        <button type="button" class="tl-zoom-in" title="Zoom in (+)" aria-label="Zoom in">+</button>
        <button type="button" class="tl-reset">Reset zoom</button>
        <label class="tl-pergpu"><input type="checkbox" /> Per GPU</label>
      </div>
    </div>
    <div class="tl-stage">
      <div class="tl-axis-slot"></div>
      <div class="tl-plot" tabindex="0" role="group" aria-roledescription="timeline"
        aria-label="Timeline. Plus and minus zoom time, arrows pan, Shift with up and down arrows zooms rows, 0 resets.">
        <canvas class="tl-base"></canvas>
        <canvas class="tl-overlay"></canvas>
      </div>
      <div class="tl-tooltip" role="tooltip" hidden></div>
      <div class="tl-empty">No timeline to show: run a scenario to replay what it did.</div>
      <div class="tl-summary sr-only"></div>
    </div>
    <p class="tl-hint">Wheel or +/− zooms time · Shift+wheel, wheel over the labels or Shift+↑/↓ zooms rows · drag or arrows pan · click or drag the time axis to move the cursor</p>`;
  root.append(el);
  const q = <T extends Element>(sel: string): T => el.querySelector<T>(sel)!;
  const plot = q<HTMLDivElement>('.tl-plot');
  const summary = q<HTMLDivElement>('.tl-summary');
  summary.id = `tl-summary-${Math.random().toString(36).slice(2)}`;
  plot.setAttribute('aria-describedby', summary.id);
  const axis = createTimeAxis();
  q<HTMLDivElement>('.tl-axis-slot').append(axis.element);
  return {
    el, legend: q('.tl-legend'), stage: q('.tl-stage'), plot, baseCanvas: q('.tl-base'), overlayCanvas: q('.tl-overlay'),
    tooltip: q('.tl-tooltip'), zoomIn: q('.tl-zoom-in'), zoomOut: q('.tl-zoom-out'), reset: q('.tl-reset'),
    perGpuBox: q('.tl-pergpu input'), summary, axis,
  };
}
