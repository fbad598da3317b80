import type { Timeline } from '../../sim/timeline/Timeline.ts';

/** Most workloads the legend names; the rest are counted. */
const MAX_KEYS = 12;

/**
 * Fills a timeline's legend: a swatch per workload (`colors[i]` for workload i; the first
 * twelve, then how many more), then the marks (interrupted, preempted, moved, failure,
 * repair, down, maintenance). Empty without data.
 */
export function renderTimelineLegend(legend: HTMLElement, data: Timeline | null, colors: readonly string[]): void {
  legend.replaceChildren();
  if (!data) return;
  const shown = data.workloads.slice(0, MAX_KEYS);
  shown.forEach((name, i) => {
    const item = document.createElement('span');
    item.className = 'tl-key';
    const s = document.createElement('span');
    s.className = 'tl-swatch'; s.style.background = colors[i];
    item.append(s, name);
    item.title = `${name}${data.workloadKinds[i] ? ` (${data.workloadKinds[i]})` : ''}`;
    legend.append(item);
  });
  if (data.workloads.length > shown.length) legend.append(`+${data.workloads.length - shown.length} more`);
  const marks = document.createElement('span');
  marks.className = 'tl-marks';
  marks.innerHTML = `
      <span class="tl-key"><span class="tl-glyph tl-glyph-interrupted"></span>interrupted</span>
      <span class="tl-key"><span class="tl-glyph tl-glyph-preempted"></span>preempted</span>
      <span class="tl-key"><span class="tl-glyph tl-glyph-moved"></span>moved</span>
      <span class="tl-key"><span class="tl-glyph tl-glyph-failure"></span>failure</span>
      <span class="tl-key"><span class="tl-glyph tl-glyph-repair"></span>repair</span>
      <span class="tl-key"><span class="tl-glyph tl-glyph-outage"></span>down</span>
      <span class="tl-key"><span class="tl-glyph tl-glyph-planned"></span>maintenance</span>`;
  legend.append(marks);
}
