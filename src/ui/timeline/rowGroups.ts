/**
 * Rows of a timeline grouped for labels and separators: runs of consecutive rows of one
 * site, and of one rack, with short labels taken from the node ids (`site/rack/node`).
 * DOM-free.
 */
import type { TimelineRows } from '../../sim/timeline/Timeline.ts';

/** A run of consecutive rows [rowFirst, rowEnd) with a label. */
export interface RowGroup {
  readonly rowFirst: number;
  readonly rowEnd: number;
  readonly label: string;
}

/** Sites and racks of the rows, in row order, and each row's own short label. */
export interface RowGroups {
  readonly sites: readonly RowGroup[];
  readonly racks: readonly RowGroup[];
  /** Last part of each node id (`n3`), or the whole id when it has no `/`. */
  readonly nodeLabels: readonly string[];
}

/** Groups `rows` by consecutive site and (site, rack) values. */
export function rowGroups(rows: TimelineRows): RowGroups {
  const n = rows.ids.length;
  const sites: RowGroup[] = [], racks: RowGroup[] = [];
  const part = (id: string, k: number): string => {
    const parts = id.split('/');
    return parts.length >= 3 ? parts[k] : k === 0 ? id : '';
  };
  let s0 = 0, r0 = 0;
  for (let r = 1; r <= n; r++) {
    const siteChanges = r === n || rows.site[r] !== rows.site[r - 1];
    const rackChanges = siteChanges || rows.rack[r] !== rows.rack[r - 1];
    if (rackChanges) { racks.push({ rowFirst: r0, rowEnd: r, label: part(rows.ids[r0], 1) }); r0 = r; }
    if (siteChanges) { sites.push({ rowFirst: s0, rowEnd: r, label: part(rows.ids[s0], 0) }); s0 = r; }
  }
  const nodeLabels = rows.ids.map((id) => {
    const k = id.lastIndexOf('/');
    return k >= 0 ? id.slice(k + 1) : id;
  });
  return { sites, racks, nodeLabels };
}
