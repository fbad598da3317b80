import { describe, expect, it } from 'vitest';
import { Progress } from '../../src/cli/progress.ts';

/** A progress display on a fake clock; returns what it wrote. */
function show(tty: boolean, total: number, steps: [failed: boolean, atMs: number][]): string[] {
  const out: string[] = [];
  let now = 0;
  const p = new Progress(total, (t) => out.push(t), tty, 'sweep', () => now, 80);
  for (const [failed, at] of steps) {
    now = at;
    p.tick(failed);
  }
  p.finish();
  return out;
}

describe('sweep progress', () => {
  it('on a terminal: one line redrawn in place with runs done, failed and the time left, then a line break', () => {
    const out = show(true, 4, [[false, 1000], [true, 2000], [false, 3000], [false, 4000]]);
    expect(out.every((t) => t === '\n' || t.startsWith('\r\x1b[2K'))).toBe(true);
    expect(out[0]).toMatch(/sweep \[-+\] 0\/4 runs done$/);
    expect(out).toContain('\r\x1b[2Ksweep [' + '#'.repeat(14) + '-'.repeat(13) + '] 2/4 runs done · 1 failed · ETA 2 s');
    expect(out[out.length - 2]).toMatch(/\[#{27}\] 4\/4 runs done · 1 failed · in 4 s$/);
    expect(out.filter((t) => t.includes('4/4'))).toHaveLength(1);
    expect(out[out.length - 1]).toBe('\n');
  });

  it('elsewhere: plain lines, one per 5% done (or 10 s), and one at the end', () => {
    const steps = Array.from({ length: 100 }, (_, i): [boolean, number] => [i === 50, (i + 1) * 10]);
    const out = show(false, 100, steps);
    expect(out.every((t) => /^sweep: \d+\/100 runs done.*\n$/.test(t))).toBe(true);
    expect(out).toHaveLength(20);
    expect(out[0]).toBe('sweep: 5/100 runs done · ETA 1 s\n');
    expect(out[out.length - 1]).toBe('sweep: 100/100 runs done · 1 failed · in 1 s\n');
    // Slow runs: a line every 10 s even without another 5%.
    const slow = show(false, 1000, [[false, 11_000], [false, 22_000]]);
    expect(slow.slice(0, 2)).toEqual(['sweep: 1/1000 runs done · ETA 3.05 h\n', 'sweep: 2/1000 runs done · ETA 3.05 h\n']);
  });
});
