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
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
      const t0 = performance.now(), c0 = process.cpuUsage();
      const code = await main(['sweep', sweep, '--workers', String(workers), '--out', out], { out: () => {}, err: (t) => { err += t; }, env: {} });
      const s = (performance.now() - t0) / 1000, c = process.cpuUsage(c0);
      if (code !== 0) throw new Error(`the bench sweep failed (exit ${code}): ${err}`);
      // CPU time of every thread of this process (workers included) over the wall time: the
      // cores the sweep had; well under 2 with 2 workers means other processes took the rest.
      return { s, cores: (c.user + c.system) / 1e6 / s, text: readFileSync(out, 'utf8') };
    };
    const runs = 32;
    console.log(`\nsweep throughput: ${runs} runs of ${TASKS.toLocaleString('en')} tasks each, ${availableParallelism()} cores, load average ${loadavg()[0].toFixed(1)} (busy processes elsewhere share the cores and hide the speed-up)`);
    // First with new workers (start-up included), then again on the same workers, which a
    // process keeps for its next command: the throughput of the runs themselves.
    const cold1 = await time(1), cold2 = await time(2);
    const warm1 = await time(1), warm2 = await time(2);
    const line = (what: string, a: { s: number; cores: number }) => `  ${what.padEnd(28)} ${a.s.toFixed(2).padStart(6)} s  ${(runs / a.s).toFixed(2)} runs/s  (${a.cores.toFixed(2)} cores busy)`;
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

/**
 * Runs {@link benchSweep} in a process of its own, so that what an earlier bench left in
 * this one (a heap of hundreds of MB for the collector to go through) does not share the
 * cores with the workers.
 */
export function benchSweepApart(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bench/sweep.ts exited with code ${code}`))));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchSweep();
