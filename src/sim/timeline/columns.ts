import type { TimelineOutages, TimelineSpans } from './Timeline.ts';

type Typed = Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array;

/** A copy of `a` with room for `c` entries, of the same type. */
function grown<T extends Typed>(a: T, c: number): T {
  const b = new (a.constructor as new (n: number) => T)(c);
  b.set(a);
  return b;
}

/** The spans of a timeline, growing column by column as they are recorded. */
export class SpanColumns {
  private n = 0;
  private row = new Int32Array(1024);
  private gpuFirst = new Int16Array(1024);
  private gpuCount = new Int16Array(1024);
  private startS = new Float64Array(1024);
  private endS = new Float64Array(1024);
  private task = new Int32Array(1024);
  private workload = new Int16Array(1024);
  private end = new Uint8Array(1024);
  private cause = new Int8Array(1024);

  push(row: number, gpuFirst: number, gpuCount: number, startS: number, endS: number, task: number, workload: number, end: number, cause: number): void {
    if (this.n === this.row.length) this.grow();
    const k = this.n++;
    this.row[k] = row; this.gpuFirst[k] = gpuFirst; this.gpuCount[k] = gpuCount;
    this.startS[k] = startS; this.endS[k] = endS; this.task[k] = task;
    this.workload[k] = workload; this.end[k] = end; this.cause[k] = cause;
  }

  /** The columns, trimmed to the spans recorded. */
  done(): TimelineSpans {
    const n = this.n;
    return {
      count: n, row: this.row.slice(0, n), gpuFirst: this.gpuFirst.slice(0, n), gpuCount: this.gpuCount.slice(0, n),
      startS: this.startS.slice(0, n), endS: this.endS.slice(0, n), task: this.task.slice(0, n),
      workload: this.workload.slice(0, n), end: this.end.slice(0, n), cause: this.cause.slice(0, n),
    };
  }

  private grow(): void {
    const c = this.row.length * 2;
    this.row = grown(this.row, c); this.gpuFirst = grown(this.gpuFirst, c); this.gpuCount = grown(this.gpuCount, c);
    this.startS = grown(this.startS, c); this.endS = grown(this.endS, c); this.task = grown(this.task, c);
    this.workload = grown(this.workload, c); this.end = grown(this.end, c); this.cause = grown(this.cause, c);
  }
}

/** The outages of a timeline, recorded when they begin and closed when they end. */
export class OutageColumns {
  private readonly level: number[] = [];
  private readonly ids: string[] = [];
  private readonly rowFirst: number[] = [];
  private readonly rowEnd: number[] = [];
  private readonly startS: number[] = [];
  private readonly endS: number[] = [];
  private readonly planned: number[] = [];

  /** Records an outage that began at `startS`; returns its index, for {@link end}. */
  push(level: number, id: string, rowFirst: number, rowEnd: number, startS: number, planned: boolean): number {
    this.level.push(level); this.ids.push(id); this.rowFirst.push(rowFirst); this.rowEnd.push(rowEnd);
    this.startS.push(startS); this.endS.push(Infinity); this.planned.push(planned ? 1 : 0);
    return this.level.length - 1;
  }

  end(k: number, endS: number): void {
    this.endS[k] = endS;
  }

  done(): TimelineOutages {
    return {
      count: this.level.length, level: Uint8Array.from(this.level), ids: this.ids, rowFirst: Int32Array.from(this.rowFirst),
      rowEnd: Int32Array.from(this.rowEnd), startS: Float64Array.from(this.startS), endS: Float64Array.from(this.endS), planned: Uint8Array.from(this.planned),
    };
  }
}
