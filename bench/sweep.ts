/**
 * Sweep throughput: one sweep of 32 runs (2 scheduling policies × 2 failure rates × 8 seeds,
 * each run 250,000 tasks, about 500,000 events: about half a second) through `dcsim sweep` with
 * 1 and with 2 workers, timed from the command's start: first on new workers (start-up
 * included), then again on the same workers, which the process keeps for its next command
 * (the throughput of the runs themselves). Prints runs/s and the speed-up (goal on a 2-core
 * machine: ≥ 1.7×) and checks that every sweep wrote the same file. `tsx bench/sweep.ts`
 * runs it alone; bench/run.ts calls it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from '../src/cli/main.ts';

const TASKS = Number(process.env.BENCH_SWEEP_TASKS ?? 250_000);

export async function benchSweep(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dcsim-bench-sweep-'));
  try {
    writeFileSync(join(dir, 'base.json'), JSON.stringify({
      name: 'bench sweep', seed: 1, horizon: '60d',
      cluster: { sites: [{ id: 'dc', racks: 2, nodesPerRack: 8, node: { gpus: 1, gpu: 'H100' } }] },
      workloads: [{ kind: 'batch', id: 'jobs', count: TASKS, gpus: 1, arrival: { poisson: { rate: 0.12 } }, work: { exponential: { mean: '100s' } }, slo: '5m' }],
      failures: [{ target: 'node', mtbf: '24h', repair: { exponential: { mean: '1h' } } }],
    }));
    const sweep = join(dir, 'sweep.json');
    writeFileSync(sweep, JSON.stringify({ scenario: 'base.json', seeds: 8, vary: { 'policies.scheduling': ['fifo', 'sjf'], 'failures.0.mtbf': ['12h', '48h'] } }));
    const time = async (workers: number) => {
      const out = join(dir, `w${workers}.csv`);
      let err = '';
      const t0 = performance.now();
      const code = await main(['sweep', sweep, '--workers', String(workers), '--out', out], { out: () => {}, err: (t) => { err += t; }, env: {} });
      const s = (performance.now() - t0) / 1000;
      if (code !== 0) throw new Error(`the bench sweep failed (exit ${code}): ${err}`);
      return { s, text: readFileSync(out, 'utf8') };
    };
    const runs = 32;
    console.log(`\nsweep throughput: ${runs} runs of ${TASKS.toLocaleString('en')} tasks each, ${availableParallelism()} cores, load average ${loadavg()[0].toFixed(1)} (busy processes elsewhere share the cores and hide the speed-up)`);
    // First with new workers (start-up included), then again on the same workers, which a
    // process keeps for its next command: the throughput of the runs themselves.
    const cold1 = await time(1), cold2 = await time(2);
    const warm1 = await time(1), warm2 = await time(2);
    const line = (what: string, a: { s: number }) => `  ${what.padEnd(28)} ${a.s.toFixed(2).padStart(6)} s  ${(runs / a.s).toFixed(2)} runs/s`;
    console.log(line('1 worker, started anew', cold1));
    console.log(line('2 workers, started anew', cold2));
    console.log(line('1 worker, already running', warm1));
    console.log(line('2 workers, already running', warm2));
    const same = [cold2, warm1, warm2].every((x) => x.text === cold1.text);
    console.log(`  speed-up of 2 workers: ${(warm1.s / warm2.s).toFixed(2)}× on running workers (goal ≥ 1.7 on 2 cores), ${(cold1.s / cold2.s).toFixed(2)}× with start-up; same output: ${same ? 'yes' : 'NO'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchSweep();
