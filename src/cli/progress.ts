import { formatDuration } from '../sim/scenario/units.ts';

/**
 * Progress of a batch of runs on stderr. On a terminal: one line, redrawn in place (at most
 * 10 times a second), with a bar, runs done of the total, runs failed and the time left.
 * Elsewhere (a log file, CI): a plain line each time another 5% is done or 10 s have
 * passed, and one at the end.
 */
export class Progress {
  private done = 0;
  private failed = 0;
  private lastDraw = -Infinity;
  private lastLineStep = 0;
  private lastLineAt: number;
  private readonly t0: number;
  private finished = false;
  private lastLine = '';

  constructor(
    private readonly total: number,
    private readonly write: (text: string) => void,
    private readonly tty: boolean,
    private readonly label = 'sweep',
    private readonly now: () => number = () => performance.now(),
    private readonly width = 80,
  ) {
    this.t0 = now();
    this.lastLineAt = this.t0;
    if (tty && total > 0) this.draw();
  }

  /** One more run finished (failed or not). */
  tick(failed: boolean): void {
    this.done++;
    if (failed) this.failed++;
    const t = this.now();
    if (this.tty) {
      if (this.done === this.total || t - this.lastDraw >= 100) this.draw();
      return;
    }
    const step = Math.floor((this.done / this.total) * 20);
    if (this.done < this.total && (step > this.lastLineStep || t - this.lastLineAt >= 10_000)) {
      this.lastLineStep = step;
      this.lastLineAt = t;
      this.write(`${this.label}: ${this.status()}\n`);
    }
  }

  /** Ends the display: the last line (a line break after the bar on a terminal). */
  finish(): void {
    if (this.finished || this.total === 0) return;
    this.finished = true;
    if (this.tty) {
      this.draw();
      this.write('\n');
    } else this.write(`${this.label}: ${this.status()}\n`);
  }

  /** "12/40 runs done · 1 failed · ETA 1.2 min" */
  private status(): string {
    const parts = [`${this.done}/${this.total} runs done`];
    if (this.failed > 0) parts.push(`${this.failed} failed`);
    const elapsedS = (this.now() - this.t0) / 1000;
    if (this.done < this.total) {
      if (this.done > 0) parts.push(`ETA ${formatDuration(Math.max(0, Math.round((elapsedS / this.done) * (this.total - this.done))))}`);
    } else parts.push(`in ${formatDuration(Math.round(elapsedS * 10) / 10)}`);
    return parts.join(' · ');
  }

  private draw(): void {
    this.lastDraw = this.now();
    // A bar of fixed width (room left for the status), so the line does not jump about.
    const room = Math.max(10, Math.min(40, this.width - this.label.length - 48));
    const filled = this.total > 0 ? Math.round((this.done / this.total) * room) : room;
    const line = `\r\x1b[2K${this.label} [${'#'.repeat(filled)}${'-'.repeat(room - filled)}] ${this.status()}`;
    if (line !== this.lastLine) this.write(line);
    this.lastLine = line;
  }
}
