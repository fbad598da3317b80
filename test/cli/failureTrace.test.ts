/** Failures read from a CSV trace (time,target,id,duration): each row a scheduled outage. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/cli/loadScenario.ts';
import { main } from '../../src/cli/main.ts';
import { parseScenarioText } from '../../src/sim/scenario/parseScenario.ts';
import { runScenario } from '../../src/worker/runScenario.ts';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'dcsim-ftrace-')); });
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

/** Writes a 4-node scenario whose failures come from `csv` (a file beside it). */
function scenarioWith(csv: string, name = 'failures.csv'): string {
  writeFileSync(join(dir, name), csv);
  const p = join(dir, `s-${name}.json`);
  writeFileSync(p, JSON.stringify({
    name: 'failure trace', horizon: '10h', runToHorizon: true,
    cluster: { sites: [{ id: 'dc', racks: 2, nodesPerRack: 2, node: { gpus: 2, gpu: 'H100' } }] },
    failures: [{ trace: { format: 'failures-csv', path: name } }],
  }));
  return p;
}

async function cli(...argv: string[]) {
  let out = '', err = '';
  const code = await main(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

describe('failure traces', () => {
  it('takes each row down at its time for its duration: S is exact', () => {
    // 8 GPUs over 10 h = 80 GPU-h. Node dc/r0/n1 (2 GPUs) down 1h–3h: 4 GPU-h; rack dc/r1
    // (4 GPUs) down 5h–6h: 4 GPU-h; GPU dc/r0/n0/g0 down 2h–2h30: 0.5 GPU-h.
    const p = scenarioWith('time,target,id,duration\n3600,node,dc/r0/n1,7200\n18000,rack,dc/r1,3600\n7200,gpu,dc/r0/n0/g0,1800\n');
    const r = runScenario(loadScenario(p));
    expect(r.failures.byTarget).toEqual({ gpu: 1, node: 1, rack: 1, site: 0, uplink: 0, wan: 0 });
    expect(r.metrics.S).toBeCloseTo(1 - 8.5 / 80, 12);
  });

  it('reports a row naming no component of the cluster at its line and column', async () => {
    const p = scenarioWith('time,target,id,duration\n3600,node,dc/r0/n1,7200\n60,rack,dc/r7,60\n', 'bad-id.csv');
    const r = await cli('validate', p);
    expect(r.code).toBe(2);
    expect(r.err).toBe('error: bad-id.csv:3:9: id: rack 7 does not exist in "dc/r7": there are 2 (r0 to r1)\n');
  });

  it('reports an unknown target and a zero duration at their line and column', async () => {
    const t = await cli('validate', scenarioWith('time,target,id,duration\n1,switch,dc,60\n', 'bad-target.csv'));
    expect(t.err).toBe('error: bad-target.csv:2:3: target: expected one of gpu, node, rack, site, uplink, wan, got "switch"\n');
    const d = await cli('validate', scenarioWith('time,target,id,duration\n1,site,dc,0\n', 'bad-duration.csv'));
    expect(d.err).toBe('error: bad-duration.csv:2:11: duration: expected a positive number of seconds, got "0"\n');
  });

  it('a missing failure trace: exit 2, naming the file and the field', async () => {
    const p = scenarioWith('time,target,id,duration\n1,site,dc,60\n', 'present.csv');
    rmSync(join(dir, 'present.csv'));
    const r = await cli('run', p);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot read trace .*present\.csv \(failures\[0\]\.trace\.path\): no such file/);
  });

  it('refuses unknown fields in a failure trace entry, and a run whose trace was never read', () => {
    const doc = {
      name: 'x', horizon: '1h', cluster: { sites: [{ id: 'dc', racks: 1, nodesPerRack: 1, node: { gpus: 1, gpu: 'H100' } }] },
      failures: [{ trace: { format: 'failures-csv', path: 'f.csv', extra: 1 } }],
    };
    expect(() => parseScenarioText(JSON.stringify(doc), 'json')).toThrow(/failures\[0\]\.trace\.extra: unknown field/);
    doc.failures = [{ trace: { format: 'failures-csv', path: 'f.csv' } } as never];
    expect(() => runScenario(parseScenarioText(JSON.stringify(doc), 'json'))).toThrow(/failures\[0\]\.trace: the failure trace "f\.csv" was not read/);
  });
});
