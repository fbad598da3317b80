import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'dcsim.js');

/** Runs the real command in a child process (tsx compiles the sources on start, so each takes seconds). */
function dcsim(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, DCSIM_DEBUG: '' } });
    let out = '', err = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => { out += t; });
    child.stderr.setEncoding('utf8').on('data', (t: string) => { err += t; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'dcsim-bin-')); });
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe.concurrent('bin/dcsim.js (end to end)', () => {
  it('runs the seed example and prints JSON, exit 0', async () => {
    const r = await dcsim('run', 'scenarios/seed-example.json', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.out);
    expect(d.scenario).toBe('Seed example: 10 nodes, 1000 tasks');
    expect(Object.keys(d.metrics)).toEqual(expect.arrayContaining(['C', 'S', 'T', 'R']));
  });

  it('loads the example policy module under plain Node and runs the scenario that names it, exit 0', async () => {
    const r = await dcsim('run', 'examples/policies/mixed-sizes.json', '--policy-module', 'examples/policies/largest-first.js', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).workloads.large.completed).toBeGreaterThan(0);
  });

  it('validates a bad file: exit 2, one line on stderr, no stack trace', async () => {
    const p = join(dir, 'bad.json');
    const doc = JSON.parse(readFileSync(join(ROOT, 'scenarios', 'seed-example.json'), 'utf8'));
    writeFileSync(p, JSON.stringify({ ...doc, workloads: [{ ...doc.workloads[0], gpus: 0 }] }));
    const r = await dcsim('validate', p);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(`error: ${p}: workloads[0].gpus: expected a number > 0, got 0\n`);
  });
});
