/** CSV text (RFC 4180), DOM-free. */

/** One field, quoted when it holds a comma, a double quote, CR or LF (or leading/trailing spaces), with quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of fields as CSV: fields joined by commas, records ended by CRLF (RFC 4180). */
export function toCsvText(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(csvField).join(',') + '\r\n').join('');
}
