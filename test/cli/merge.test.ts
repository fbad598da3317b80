import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { smallScenario, tempDir } from './support.ts';

const tmp = tempDir('dcsim-merge-');

async function dcsim(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(argv, { out: (t) => { out += t; }, err: (t) => { err += t; }, env: {} });
  return { code, out, err };
}

/** Three shards of a 6-run sweep (run i in shard i % 3), written once. */
let shards: string[] = [];
let whole = '';
beforeAll(async () => {
  tmp.file('s.json', smallScenario());
  const sweep = tmp.file('sweep.json', { scenario: 's.json', seeds: 2, vary: { 'policies.scheduling': ['fifo', 'sjf', 'las'] } });
  shards = [0, 1, 2].map((i) => tmp.file(`shard${i}.csv`, ''));
  for (const [i, f] of shards.entries()) {
    const r = await dcsim('sweep', sweep, '--shard', `${i}/3`, '--workers', '1', '--out', f);
    if (r.code !== 0) throw new Error(r.err);
  }
  const all = tmp.file('all.csv', '');
  await dcsim('sweep', sweep, '--workers', '2', '--out', all);
  whole = readFileSync(all, 'utf8');
});

describe('dcsim merge', () => {
  it('joins the shards into the unsharded file, in any order of the inputs, and prints the summary', async () => {
    const out = tmp.file('merged.csv', '');
    const r = await dcsim('merge', shards[2], shards[0], shards[1], '--out', out);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(whole);
    expect(r.err).toMatch(/^merge: 6 runs from 3 files into /);
    expect(r.out).toMatch(/^summary: mean ± half-width/);
    expect(r.out).toMatch(/\n\s+las\s+2\s/);
  });

  it('fails on a run present twice in one file, or a file given twice (exit 2)', async () => {
    const lines = readFileSync(shards[1], 'utf8').split('\n');
    const doubled = tmp.file('doubled.csv', [...lines.slice(0, 2), lines[1], ...lines.slice(2)].join('\n'));
    const r = await dcsim('merge', shards[0], doubled, shards[2], '--out', tmp.file('dup.csv', ''));
    expect(r).toMatchObject({ code: 2, err: `error: run 1 is in ${doubled} twice (lines 2 and 3)\n` });
    const again = await dcsim('merge', shards[0], shards[1], shards[2], shards[1], '--out', tmp.file('dup1.csv', ''));
    expect(again).toMatchObject({ code: 2, err: `error: ${shards[1]} is given twice\n` });
  });

  it('fails on a run in two different files (exit 2)', async () => {
    const copy = tmp.file('copy-of-0.csv', readFileSync(shards[0], 'utf8'));
    const r = await dcsim('merge', shards[0], shards[1], shards[2], copy, '--out', tmp.file('dup2.csv', ''));
    expect(r).toMatchObject({ code: 2, err: `error: run 0 is in both ${shards[0]} and ${copy}: the shards overlap (were they run with the same --shard count?)\n` });
  });

  it('fails on missing runs, naming them and the files (exit 2)', async () => {
    const r = await dcsim('merge', shards[0], shards[2], '--out', tmp.file('gap.csv', ''));
    expect(r).toMatchObject({ code: 2, err: `error: runs 1, 4 of the sweep's 6 are missing: in none of ${shards[0]}, ${shards[2]} (a shard not run, not finished, or not given?)\n` });
  });

  it('fails on files of different sweeps, an unfinished shard, or a mix of formats (exit 2)', async () => {
    tmp.file('s.json', smallScenario());
    const other = tmp.file('other.csv', '');
    await dcsim('sweep', tmp.file('other.json', { scenario: 's.json', seeds: 6 }), '--shard', '1/3', '--workers', '1', '--out', other);
    expect((await dcsim('merge', shards[0], other, shards[2], '--out', tmp.file('x.csv', ''))).err).toMatch(/are not outputs of one sweep: their columns differ/);
    const cut = readFileSync(shards[1], 'utf8');
    const half = tmp.file('half.csv', cut.slice(0, cut.length - 10));
    expect(await dcsim('merge', shards[0], half, shards[2], '--out', tmp.file('y.csv', ''))).toMatchObject({ code: 2, err: expect.stringMatching(/half\.csv ends in an incomplete row: .* --resume/) });
    expect(await dcsim('merge', shards[0], '--out', tmp.file('z.jsonl', ''))).toMatchObject({ code: 2, err: expect.stringMatching(/is CSV but --out .*z\.jsonl is JSON Lines/) });
  });
});
