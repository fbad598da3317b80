import { isCollection, isMap, isScalar, isSeq, type Document, type Node, type ParsedNode } from 'yaml';
import type { FieldPath } from './fieldPath.ts';

/** Where a field is in the text: offsets [from, to), and whether the field itself was found. */
export interface TextRange {
  readonly from: number;
  readonly to: number;
  /** False when the field is missing and the range is its nearest existing parent's. */
  readonly exact: boolean;
}

/**
 * Finds the text of the field at `path` in a parsed document (JSON or YAML, parsed with
 * yaml's `parseDocument`). A scalar in a map: its key through its value (`"rate": -1`); a
 * list or object: the first line of it (its key when it has one). A missing field maps to
 * its nearest existing parent — a required field's error shows at the object that lacks
 * it. Null when the document has no contents.
 */
export function textRangeOfPath(doc: Document, text: string, path: FieldPath): TextRange | null {
  const root = doc.contents as ParsedNode | null | undefined;
  if (!root?.range) return null;
  let node: Node = root;
  let key: Node | null = null;
  let depth = 0;
  for (const seg of path) {
    let next: Node | null = null, nextKey: Node | null = null;
    if (isMap(node)) {
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? pair.key.value : pair.key;
        if (k === seg || (typeof seg === 'number' && k === String(seg))) {
          nextKey = pair.key as Node;
          next = (pair.value as Node | null) ?? (pair.key as Node);
          break;
        }
      }
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item && (item as Node).range) next = item as Node;
    }
    if (!next?.range) break;
    node = next;
    key = nextKey;
    depth++;
  }
  const exact = depth === path.length;
  const [start, valueEnd] = node.range!;
  const keyStart = key?.range?.[0];
  if (!isCollection(node) && exact) return { from: keyStart ?? start, to: valueEnd, exact };
  if (key?.range) return { from: key.range[0], to: key.range[1], exact };
  return { from: start, to: Math.max(start + 1, Math.min(valueEnd, lineEnd(text, start))), exact };
}

/** Offset of the end of the line holding `offset` (before its line break). */
export function lineEnd(text: string, offset: number): number {
  const n = text.indexOf('\n', offset);
  return n < 0 ? text.length : n > 0 && text[n - 1] === '\r' ? n - 1 : n;
}

/** 1-based line number of a text offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Text offset of a 1-based line and column (clamped to the text). */
export function offsetOf(text: string, line: number, column: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const n = text.indexOf('\n', at);
    if (n < 0) return text.length;
    at = n + 1;
  }
  return Math.min(at + Math.max(0, column - 1), lineEnd(text, at));
}
