import { familyDescription, type FamilyName, type PolicyInfo } from '../worker/catalog.ts';

const WIDTH = 96;

/** Breaks text into lines of at most `width` characters (a longer word gets a line of its own). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Columns padded to the widest cell, each row indented by `indent`. */
export function columns(rows: readonly (readonly string[])[], indent: string): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => (indent + r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).trimEnd());
}

/** Every policy by family: name, where it comes from, description, and a table of its parameters. */
export function formatPolicyList(families: Readonly<Record<FamilyName, readonly PolicyInfo[]>>): string {
  const out: string[] = [];
  for (const [family, policies] of Object.entries(families) as [FamilyName, readonly PolicyInfo[]][]) {
    if (out.length) out.push('');
    out.push(`${family} — ${familyDescription(family)}`);
    if (policies.length === 0) out.push('  (no policies yet)');
    for (const p of policies) {
      out.push('');
      out.push(`  ${p.name}${p.source === undefined ? '' : `  (from ${p.source})`}`);
      for (const l of wrap(p.description || '(no description)', WIDTH - 4)) out.push(`    ${l}`);
      if (p.params.length === 0) {
        out.push('    parameters: none');
        continue;
      }
      out.push('    parameters:');
      for (const q of p.params) {
        const head = `${q.name} (${q.type}; default ${q.default === undefined ? 'none' : JSON.stringify(q.default)})`;
        const lines = wrap(`${head}${q.description ? `: ${q.description}` : ''}`, WIDTH - 8);
        out.push(`      ${lines[0]}`, ...lines.slice(1).map((l) => `        ${l}`));
      }
    }
  }
  return out.join('\n');
}
