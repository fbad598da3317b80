/**
 * Finds where JSON text first goes wrong, for an error message with a line and column
 * (JSON.parse does not always say where). Returns undefined when the text is valid JSON.
 */
export function jsonSyntaxError(text: string): { line: number; column: number; message: string } | undefined {
  let i = 0;
  const n = text.length;
  class Stop extends Error {
    constructor(readonly at: number, readonly what: string) { super(what); }
  }
  const ws = () => { while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++; };
  const fail = (what: string): never => {
    throw new Stop(i, i >= n ? `${what}, but the text ends` : `${what}, got ${JSON.stringify(text[i])}`);
  };
  const expect = (c: string, what: string) => { if (text[i] !== c) fail(what); i++; };
  const string = () => {
    expect('"', 'expected a double-quoted string');
    for (;;) {
      if (i >= n) fail('expected the closing "');
      const c = text[i];
      if (c === '"') { i++; return; }
      if (c < ' ') fail('expected no control character (such as a line break) inside a string');
      if (c === '\\') {
        i++;
        if (text[i] === 'u') { if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('expected 4 hex digits after \\u'); i += 5; }
        else if ('"\\/bfnrt'.includes(text[i] ?? 'x')) i++;
        else fail('expected a valid escape after \\');
      } else i++;
    }
  };
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail('expected a value');
    i += m![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 1000) fail('nesting too deep');
    ws();
    const c = text[i];
    if (c === '{') {
      i++; ws();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        ws(); string(); ws(); expect(':', 'expected ":" after a property name'); value(depth + 1); ws();
        if (text[i] === ',') { i++; continue; }
        expect('}', 'expected "," or "}"'); return;
      }
    }
    if (c === '[') {
      i++; ws();
      if (text[i] === ']') { i++; return; }
      for (;;) {
        value(depth + 1); ws();
        if (text[i] === ',') { i++; continue; }
        expect(']', 'expected "," or "]"'); return;
      }
    }
    if (c === '"') return string();
    for (const w of ['true', 'false', 'null']) if (text.startsWith(w, i)) { i += w.length; return; }
    number();
  };
  try {
    value(0);
    ws();
    if (i < n) fail('expected the end of the document');
    return undefined;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    const before = text.slice(0, e.at);
    const line = before.split('\n').length;
    return { line, column: e.at - before.lastIndexOf('\n'), message: e.what };
  }
}
