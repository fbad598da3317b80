import type { Timeline } from '../../sim/timeline/Timeline.ts';
import { formatClock } from './timeFormat.ts';

/**
 * The words a screen reader gets for a timeline's canvas: what the run holds and, with a
 * cursor (`cursorS` finite), how many nodes are down at it.
 */
export function describeTimeline(data: Timeline | null, cursorS: number): string {
  if (!data) return 'No timeline.';
  const o = data.outages, rows = data.rows.ids.length;
  let downRows = 0;
  if (Number.isFinite(cursorS)) {
    const down = new Uint8Array(rows);
    for (let k = 0; k < o.count; k++) if (o.startS[k] <= cursorS && cursorS < o.endS[k]) for (let r = o.rowFirst[k]; r < o.rowEnd[k]; r++) down[r] = 1;
    for (const d of down) downRows += d;
  }
  return `${rows} nodes, ${data.spans.count} spans of work, ${o.count} outages over ${formatClock(data.endS)}.`
    + (Number.isFinite(cursorS) ? ` At the cursor, ${formatClock(cursorS)}: ${downRows} node${downRows === 1 ? '' : 's'} down.` : '');
}
