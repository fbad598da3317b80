import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/support.ts';

const FAULTY = fileURLToPath(new URL('./fixtures/faulty-policies.js', import.meta.url));
const TINY = fileURLToPath(new URL('./fixtures/tiny.json', import.meta.url));

describe('run and compare go to worker threads', () => {
  it('run: --timeout stops a policy that never returns (exit 1, the run failed)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcsim-run-timeout-'));
    try {
      const doc = JSON.parse(readFileSync(TINY, 'utf8'));
      const file = join(dir, 'spin.json');
      writeFileSync(file, JSON.stringify({ ...doc, policies: { scheduling: 'spinner' } }));
      const r = await cli('run', file, '--policy-module', FAULTY, '--timeout', '1');
      expect(r).toMatchObject({ code: 1, out: '', err: 'error: the run failed: timed out after 1 s\n' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('run: the same figures as before, in a worker (JSON but the wall time)', async () => {
    const a = await cli('run', TINY, '--json', '--seed', '5');
    const b = await cli('run', TINY, '--json', '--seed', '5');
    expect(a.code).toBe(0);
    const strip = (t: string) => ({ ...JSON.parse(t), stats: { ...JSON.parse(t).stats, wallMs: 0 } });
    expect(strip(a.out)).toEqual(strip(b.out));
    expect(JSON.parse(a.out).seed).toBe(5);
  });

  it('compare: the same comparison with 1 worker and with 2; a timed-out run is left out (exit 1)', async () => {
    const args = [TINY, '-p', 'scheduling=fifo', '-p', 'scheduling=sjf', '--reps', '3', '--json'];
    const one = await cli('compare', ...args, '--workers', '1');
    const two = await cli('compare', ...args, '--workers', '2');
    expect(one.code).toBe(0);
    expect(two.out).toBe(one.out);
    const r = await cli('compare', TINY, '--policy-module', FAULTY, '-p', 'scheduling=fifo-copy', '-p', 'scheduling=spinner', '--reps', '2', '--timeout', '1', '--json');
    expect(r.code).toBe(1);
    const d = JSON.parse(r.out);
    expect(d.sets[1].failed).toEqual([{ seed: 1, error: 'timed out after 1 s' }, { seed: 2, error: 'timed out after 1 s' }]);
    expect(d.sets[0].runs).toBe(2);
  });
});
