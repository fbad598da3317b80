/**
 * Splits a scenario's description (its story) into paragraphs: blank lines separate them;
 * line breaks within one are kept as spaces; empty ones are dropped.
 */
export function descriptionParagraphs(description: string): string[] {
  return description
    .split(/\r?\n[ \t]*\r?\n/)
    .map((p) => p.replace(/\s*\r?\n\s*/g, ' ').trim())
    .filter((p) => p !== '');
}
