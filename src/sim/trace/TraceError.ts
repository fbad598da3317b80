/**
 * Thrown when a trace file cannot be read: says where (file, 1-based line, 1-based column
 * in characters where the bad field starts) and what was wrong and what was expected.
 * The message is formatted `${file}:${line}:${column}: ${what}`, the form editors and
 * terminals turn into a link. Whole-file problems (an empty file, no rows) point at 1:1.
 */
export class TraceError extends Error {
  /**
   * @param file the file name as the caller gave it (used only in the message)
   * @param line 1-based line number of the bad row (1 is the header)
   * @param column 1-based column, in characters, where the bad field starts
   * @param what what was wrong and what was expected
   */
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    what: string,
  ) {
    super(`${file}:${line}:${column}: ${what}`);
    this.name = 'TraceError';
  }
}
