/**
 * `npx tsx bench/ablation.ts` (also the last part of `npm run bench`): what each speed-up
 * is worth, measured by switching it off alone (src/sim/engine/tuning.ts) and timing the
 * cases it is meant to speed up, against everything on:
 *   - calendar-queue timers (request completions; off: heap events),
 *   - the near/far heap split at each run's end (off: one heap),
 *   - token tables (lognormal token counts through an alias table; off: exact draws),
 * on the two cases they were made for: the inference day of bench/inferenceDay.ts (all three
 * were added for it) cut to BENCH_ABLATION_HORIZON (default 4h of simulated time), and the
 * engine's M/M/10 of bench/engineMMc.ts, which none of them touches: a control for the noise.
 * Each configuration runs in a process of its own (so that the code compiled for one does
 * not slow another), in BENCH_ABLATION_ROUNDS rounds (default 2) taking turns with the
 * others, each case a few times a round (the first time is its warm-up); the figure is the
 * least CPU time of the process over every time (CPU time, not wall time, so that other
 * busy processes on the machine matter less). Prints the slowdown with each one off as a
 * ratio, and whether the results stayed the same (they must for the first two; token tables
 * off draws other counts from the same distribution, so only the figures are close).
 */
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tuning } from '../src/sim/engine/tuning.ts';
import type { Scenario } from '../src/sim/scenario/types.ts';
import { runScenario } from '../src/worker/runScenario.ts';
import { engineMMc } from './engineMMc.ts';
import { inferenceDayScenario } from './inferenceDay.ts';

type Flag = keyof typeof tuning;
const FLAGS: readonly Flag[] = ['calendarTimers', 'horizonSplit', 'tokenTables'];
const LABEL: Record<Flag, string> = {
  calendarTimers: 'calendar-queue timers',
  horizonSplit: 'near/far heap split',
  tokenTables: 'token tables',
};
const HORIZON = process.env.BENCH_ABLATION_HORIZON ?? '4h';
const ROUNDS = Number(process.env.BENCH_ABLATION_ROUNDS ?? 2);
const MMC_TASKS = 1_000_000;

/** One case's least CPU time and a digest of its result (the same result gives the same digest). */
interface Timing {
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly digest: string;
  /** A figure to show when results differ (mean response time, s). */
  readonly meanS: number;
}

interface Case {
  readonly title: string;
  /** Times per round (the first is the warm-up). */
  readonly reps: number;
  /** The speed-ups it exercises. */
  readonly uses: readonly Flag[];
  readonly run: () => { digest: string; meanS: number };
}

/** The cases, by name: what each configuration times. */
const CASES: Record<string, Case> = {
  inference: {
    title: `inference ${HORIZON}`, reps: 3, uses: ['calendarTimers', 'horizonSplit', 'tokenTables'],
    run: () => runWhole(inferenceDayScenario(200, HORIZON)),
  },
  mmc: {
    title: 'engine M/M/10', reps: 3, uses: [],
    run: () => {
      const r = engineMMc(8, 1, 10, MMC_TASKS, 'bench');
      return { digest: `${r.events}/${r.meanResponseS}`, meanS: r.meanResponseS };
    },
  },
};

function runWhole(scenario: Scenario): { digest: string; meanS: number } {
  const r = runScenario(scenario);
  return { digest: createHash('sha256').update(JSON.stringify(r)).digest('hex').slice(0, 16), meanS: r.metrics.T ?? NaN };
}

/** In a child process: times every case with `off` switched off (or none), prints them as JSON. */
function timeCases(off: Flag | null): Record<string, Timing> {
  if (off !== null) tuning[off] = false;
  const out: Record<string, Timing> = {};
  for (const [name, c] of Object.entries(CASES)) {
    let cpuMs = Infinity, wallMs = Infinity, last = { digest: '', meanS: NaN };
    for (let i = 0; i < c.reps; i++) {
      const t0 = performance.now(), c0 = process.cpuUsage();
      last = c.run();
      const cpu = process.cpuUsage(c0);
      cpuMs = Math.min(cpuMs, (cpu.user + cpu.system) / 1000);
      wallMs = Math.min(wallMs, performance.now() - t0);
    }
    out[name] = { cpuMs, wallMs, ...last };
  }
  return out;
}

/** The better of two timings of the same configuration (the digests must agree). */
function better(a: Record<string, Timing> | undefined, b: Record<string, Timing>): Record<string, Timing> {
  if (a === undefined) return b;
  const out: Record<string, Timing> = {};
  for (const n of Object.keys(b)) {
    if (a[n].digest !== b[n].digest) throw new Error(`${CASES[n].title}: two runs of one configuration gave different results`);
    out[n] = { ...b[n], cpuMs: Math.min(a[n].cpuMs, b[n].cpuMs), wallMs: Math.min(a[n].wallMs, b[n].wallMs) };
  }
  return out;
}

/** Runs {@link timeCases} for one configuration in a fresh process. */
function timeApart(off: Flag | null): Promise<Record<string, Timing>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--off', off ?? 'none'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => { text += d.toString(); });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`bench/ablation.ts --off ${off ?? 'none'} exited with code ${code}`));
      else resolve(JSON.parse(text.trim().split('\n').pop()!) as Record<string, Timing>);
    });
  });
}

/** Measures and prints what each speed-up is worth (see the file's comment). */
export async function benchAblation(): Promise<void> {
  console.log(`\nablation: each speed-up switched off alone, against all on (least CPU time over ${ROUNDS} rounds, each configuration in its own process)`);
  const configs: (Flag | null)[] = [null, ...FLAGS];
  const best = new Map<Flag | null, Record<string, Timing>>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const off of configs) best.set(off, better(best.get(off), await timeApart(off)));
  }
  const base = best.get(null)!;
  const names = Object.keys(CASES);
  console.log(`  all on: ${names.map((n) => `${CASES[n].title} ${base[n].cpuMs.toFixed(0)} ms CPU (${base[n].wallMs.toFixed(0)} ms wall)`).join(', ')}`);
  for (const flag of FLAGS) {
    const t = best.get(flag)!;
    const parts: string[] = [];
    for (const n of names) {
      const ratio = t[n].cpuMs / base[n].cpuMs;
      if (!CASES[n].uses.includes(flag)) {
        parts.push(`${ratio.toFixed(2)}× on ${CASES[n].title} (untouched: noise)`);
        continue;
      }
      const same = t[n].digest === base[n].digest ? 'same result' : `other draws: mean response ${t[n].meanS.toFixed(4)} s vs ${base[n].meanS.toFixed(4)} s`;
      parts.push(`${ratio.toFixed(2)}× ${ratio >= 1 ? 'slower' : 'as long'} on ${CASES[n].title} (${t[n].cpuMs.toFixed(0)} ms, ${same})`);
    }
    console.log(`  ${LABEL[flag]} off: ${parts.join('; ')}`);
  }
}

const offArg = process.argv.indexOf('--off');
if (offArg >= 0) {
  const off = process.argv[offArg + 1];
  if (off !== 'none' && !FLAGS.includes(off as Flag)) throw new Error(`unknown speed-up ${off}: one of ${FLAGS.join(', ')} or none`);
  console.log(JSON.stringify(timeCases(off === 'none' ? null : (off as Flag))));
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await benchAblation();
}
