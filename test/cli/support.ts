import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { main } from '../../src/cli/main.ts';

/** The repository's root directory. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the command line in-process; returns the exit code and what it printed. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

/** A temporary directory for the test file, removed after it; `file` writes into it and returns the path. */
export function tempDir(prefix: string): { file(name: string, content: string | object): string } {
  let dir = '';
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), prefix)); });
  afterAll(() => { rmSync(dir, { recursive: true, force: true }); });
  return {
    file(name, content) {
      if (!dir) throw new Error('tempDir: write files in tests or hooks, not while tests are collected');
      const p = join(dir, name);
      writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return p;
    },
  };
}

/** A small scenario document: `nodes` nodes of `gpus` GPUs, the given workloads and failures. */
export function smallScenario(extra: Record<string, unknown> = {}, nodes = 4, gpus = 2): Record<string, unknown> {
  return {
    name: 'small', seed: 1, horizon: '1d',
    cluster: { sites: [{ id: 'dc', racks: 1, nodesPerRack: nodes, node: { gpus, gpu: 'H100' } }] },
    workloads: [{ kind: 'batch', id: 'tasks', count: 60, gpus: 1, arrival: { poisson: { rate: 0.01 } }, work: { exponential: { mean: '10m' } }, slo: '30m' }],
    failures: [{ target: 'node', mtbf: '12h', repair: { exponential: { mean: '1h' } } }],
    ...extra,
  };
}
