/** A field path as a list of keys and list indices, such as `['workloads', 0, 'arrival']`. */
export type FieldPath = readonly (string | number)[];

/**
 * Splits a field path as the validation writes it (`workloads[0].arrival.poisson.rate`,
 * `metrics["my key"]`) into keys and indices; `""` is the document itself (`[]`).
 */
export function parseFieldPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') { i++; continue; }
    if (c === '[') {
      const end = findBracketEnd(path, i);
      const inner = path.slice(i + 1, end);
      if (/^\d+$/.test(inner)) out.push(Number(inner));
      else {
        try { out.push(String(JSON.parse(inner))); } catch { out.push(inner); }
      }
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
    out.push(path.slice(i, j));
    i = j;
  }
  return out;
}

/** Index of the `]` closing the `[` at `start`, skipping a quoted key's characters. */
function findBracketEnd(path: string, start: number): number {
  let i = start + 1;
  if (path[i] === '"') {
    for (i++; i < path.length; i++) {
      if (path[i] === '\\') i++;
      else if (path[i] === '"') { i++; break; }
    }
  }
  const end = path.indexOf(']', i);
  return end < 0 ? path.length : end;
}
