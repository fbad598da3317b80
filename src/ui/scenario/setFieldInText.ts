import { isMap, isScalar, parse, parseDocument, type Node } from 'yaml';
import type { ScenarioFormat } from '../../sim/scenario/parseScenario.ts';
import type { FieldPath } from './fieldPath.ts';

/**
 * Writes a scalar `value` at `path` in scenario text and returns the new text, leaving the
 * rest of the document as written (layout, order, YAML comments): an existing field's
 * value is replaced in place; a missing one is added at the start of its parent object,
 * in that object's indentation. Throws an Error when the text does not parse or the
 * parent object does not exist.
 */
export function setFieldInText(text: string, format: ScenarioFormat, path: FieldPath, value: string | number | boolean): string {
  const doc = parseDocument(text, { logLevel: 'silent', keepSourceTokens: false });
  if (doc.errors.length > 0) throw new Error('fix the syntax errors in the editor first');
  const node = doc.getIn(path, true) as Node | undefined;
  if (isScalar(node) && node.range) {
    const flow = format === 'json' || text[node.range[0]] === '"' || text[node.range[0]] === "'" ? 'quoted' : 'plain';
    return splice(text, node.range[0], node.range[1], scalarSource(value, format, flow));
  }
  const parent = doc.getIn(path.slice(0, -1), true) as Node | undefined;
  const key = path[path.length - 1];
  if (!isMap(parent) || !parent.range || typeof key !== 'string') {
    if (node === undefined) throw new Error(`no object at ${path.slice(0, -1).join('.') || 'the top'} to add "${String(key)}" to`);
    doc.setIn(path, value);
    return format === 'json' ? `${JSON.stringify(doc.toJS(), null, 2)}\n` : String(doc);
  }
  const flowMap = parent.flow || format === 'json';
  const first = parent.items[0]?.key as Node | undefined;
  const keySource = flowMap || !/^[A-Za-z_$][\w$-]*$/.test(key) ? JSON.stringify(key) : key;
  const entry = `${keySource}: ${scalarSource(value, format, 'plain')}`;
  if (flowMap) {
    const open = parent.range[0] + 1; // just after "{"
    if (!first?.range) return splice(text, open, open, ` ${entry} `);
    const firstAt = first.range[0];
    const between = text.slice(open, firstAt);
    const nl = between.lastIndexOf('\n');
    return nl < 0 ? splice(text, open, open, ` ${entry},`) : splice(text, open, open, `\n${between.slice(nl + 1)}${entry},`);
  }
  if (!first?.range) throw new Error(`cannot add "${key}" to an empty block object`);
  const at = first.range[0];
  const indent = text.slice(text.lastIndexOf('\n', at - 1) + 1, at);
  return splice(text, at, at, `${entry}\n${/^\s*$/.test(indent) ? indent : ' '.repeat(indent.length)}`);
}

function splice(text: string, from: number, to: number, insert: string): string {
  return text.slice(0, from) + insert + text.slice(to);
}

/** The source of a scalar: JSON for JSON (and quoted YAML), a plain YAML scalar when it reads back the same. */
function scalarSource(value: string | number | boolean, format: ScenarioFormat, style: 'plain' | 'quoted'): string {
  if (typeof value !== 'string') return String(value);
  if (format === 'json' || style === 'quoted') return JSON.stringify(value);
  const safe = value !== '' && /^[^\s\n#:{}[\],&*!|>'"%@`?-][^\n#:{}[\],]*$/.test(value) && !/\s$/.test(value);
  try {
    if (safe && parse(value) === value) return value;
  } catch { /* not plain: quote it */ }
  return JSON.stringify(value);
}
