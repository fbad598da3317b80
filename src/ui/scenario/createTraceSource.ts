/** Thrown when a trace file is not available: neither served beside the page nor supplied by the user. */
export class MissingTraceError extends Error {
  constructor(
    /** The trace path as the scenario gives it. */
    readonly path: string,
    /** The field naming it, such as `workloads[0].trace.path`. */
    readonly field: string,
    /** The file name looked for (the path's last part). */
    readonly fileName: string,
    /** Why it could not be had (`not found (HTTP 404)`, a network error). */
    readonly why: string,
  ) {
    super(`the trace file "${fileName}" is not available here (${why}): choose the CSV file to use it`);
    this.name = 'MissingTraceError';
  }
}

/** Where the browser gets trace files. */
export interface TraceSource {
  /** Reads a trace by its path's file name: a file the user supplied, else `<baseUrl><file name>`; rejects with {@link MissingTraceError}. */
  read(path: string, field: string): Promise<string>;
  /** Supplies a file's text under its file name (chosen with a file picker); later reads use it. */
  supply(fileName: string, text: string): void;
  /** Whether a file's text is at hand (supplied, or already fetched). */
  has(fileName: string): boolean;
}

/** The last part of a path, `/` or `\` separated. */
export function traceFileName(path: string): string {
  return path.replace(/^.*[\\/]/, '');
}

/**
 * A trace source for the browser: a trace path's file name is fetched from `baseUrl` (the
 * built site serves the preset traces under `./traces/`), once; files the user supplies
 * take precedence. `fetchText` is injectable for tests.
 */
export function createTraceSource(
  baseUrl: string,
  fetchText: (url: string) => Promise<{ ok: boolean; status: number; headers?: { get(name: string): string | null }; text(): Promise<string> }> = (url) => fetch(url),
): TraceSource {
  const texts = new Map<string, Promise<string>>();
  const supplied = new Set<string>();
  return {
    read(path, field) {
      const name = traceFileName(path);
      let p = texts.get(name);
      if (!p) {
        const url = baseUrl + encodeURIComponent(name);
        p = fetchText(url).then(
          async (r) => {
            if (!r.ok) throw new MissingTraceError(path, field, name, r.status === 404 ? `not found at ${url}` : `HTTP ${r.status} from ${url}`);
            // A server that answers every path with its page (a single-page-app fallback) has no such file either.
            if (/text\/html/i.test(r.headers?.get('content-type') ?? '')) throw new MissingTraceError(path, field, name, `not found at ${url}`);
            return r.text();
          },
          (e: unknown) => { throw new MissingTraceError(path, field, name, `cannot fetch ${url}: ${(e as Error)?.message ?? String(e)}`); },
        );
        texts.set(name, p);
        // A failed fetch is forgotten, so a later read tries again (or finds a supplied file).
        p.catch(() => { if (texts.get(name) === p) texts.delete(name); });
      }
      return p.catch((e: unknown) => {
        throw e instanceof MissingTraceError ? new MissingTraceError(path, field, e.fileName, e.why) : e;
      });
    },
    supply(fileName, text) {
      texts.set(fileName, Promise.resolve(text));
      supplied.add(fileName);
    },
    has(fileName) {
      return texts.has(fileName);
    },
  };
}
