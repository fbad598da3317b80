// The cluster recipes in deploy/: the Kubernetes manifests parse and agree with themselves
// (no cluster here to apply them), the Dockerfile copies what exists, and the Slurm batch
// script runs a sharded sweep correctly when given the environment Slurm gives a job-array
// task. The real Slurm run is test/slurm/slurm-sweep.sh (root only; CI runs it).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SBATCH = join(ROOT, 'deploy', 'slurm', 'sweep.sbatch');
const SWEEP = 'test/slurm/fixtures/sweep.json';

// Loose shapes of the manifests: enough to navigate them, checked by the assertions.
interface Mount { name: string; mountPath: string; readOnly?: boolean }
interface Container {
  name: string; image: string; command: string[]; args?: string[];
  env?: { name: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  resources?: { requests?: { cpu?: string } };
  volumeMounts?: Mount[];
}
interface Volume { name: string; configMap?: { name: string }; persistentVolumeClaim?: { claimName: string } }
interface PodSpec { restartPolicy: string; containers: Container[]; initContainers?: Container[]; volumes: Volume[] }
interface Doc {
  apiVersion: string; kind: string; metadata: { name: string };
  spec: Record<string, unknown> & { template?: { spec: PodSpec } };
}

function manifests(file: string): Doc[] {
  const docs = parseAllDocuments(readFileSync(join(ROOT, 'deploy', 'k8s', file), 'utf8'));
  for (const d of docs) expect(d.errors.map(String), file).toEqual([]);
  return docs.map((d) => d.toJS() as Doc).filter((d) => d !== null);
}

/** The value after `flag` in a command line. */
function flag(cmd: string[], name: string): string | undefined {
  const i = cmd.indexOf(name);
  return i >= 0 ? cmd[i + 1] : undefined;
}

/** The volume a container path lies on. */
function volumeAt(spec: PodSpec, c: Container, path: string): Volume | undefined {
  const m = (c.volumeMounts ?? []).find((v) => path.startsWith(v.mountPath.replace(/\/?$/, '/')));
  return m && spec.volumes.find((v) => v.name === m.name);
}

describe('deploy/k8s', () => {
  const docs = manifests('sweep-job.yaml');
  const job = docs.find((d) => d.kind === 'Job')!;
  const pvc = docs.find((d) => d.kind === 'PersistentVolumeClaim')!;
  const pod = job.spec.template!.spec;
  const c = pod.containers[0];
  const cmd = [...c.command, ...(c.args ?? [])];

  it('sweep-job.yaml is an Indexed Job with one completion per shard', () => {
    expect(job.apiVersion).toBe('batch/v1');
    expect(job.spec.completionMode).toBe('Indexed');
    expect(cmd.slice(0, 5)).toEqual(['npx', '--no-install', 'dcsim', 'sweep', '/sweeps/sweep.json']);
    const shards = Number(flag(cmd, '--shard-count'));
    expect(shards).toBeGreaterThan(0);
    expect(job.spec.completions).toBe(shards);
    expect(job.spec.parallelism).toBeGreaterThan(0);
    expect(job.spec.parallelism as number).toBeLessThanOrEqual(shards);
    expect(pod.restartPolicy).toBe('Never');
    expect(cmd).not.toContain('--shard');   // the index comes from JOB_COMPLETION_INDEX
  });

  it('retries a shard only when its pod died, never two pods of one shard at once', () => {
    expect(job.spec.podReplacementPolicy).toBe('Failed');
    expect(job.spec.backoffLimitPerIndex).toBeGreaterThan(0);
    const rules = (job.spec.podFailurePolicy as { rules: { action: string; onExitCodes?: { containerName: string; values: number[] } }[] }).rules;
    const onExit = (code: number) => rules.find((r) => r.onExitCodes?.values.includes(code));
    expect(onExit(2)?.action).toBe('FailJob');     // bad input
    expect(onExit(1)?.action).toBe('FailIndex');   // some runs failed: the shard's file is complete
    for (const r of rules) if (r.onExitCodes) expect(r.onExitCodes.containerName).toBe(c.name);
  });

  it('each pod writes its own shard file to the shared volume', () => {
    const out = flag(cmd, '--out')!;
    expect(out).toBe('/out/shard-$(JOB_COMPLETION_INDEX).csv');
    // $(VAR) in a command is expanded by the kubelet only for variables in the container's env
    const index = (c.env ?? []).find((e) => e.name === 'JOB_COMPLETION_INDEX');
    expect(index?.valueFrom?.fieldRef?.fieldPath).toBe("metadata.annotations['batch.kubernetes.io/job-completion-index']");
    expect(volumeAt(pod, c, out)?.persistentVolumeClaim?.claimName).toBe(pvc.metadata.name);
    expect(volumeAt(pod, c, '/sweeps/sweep.json')?.configMap?.name).toBe('dcsim-sweep');
    expect(flag(cmd, '--workers')).toBe(c.resources?.requests?.cpu);
    for (const m of c.volumeMounts ?? []) expect(pod.volumes.map((v) => v.name)).toContain(m.name);
  });

  it('merge-pod.yaml merges the shards from the same volume with the same image', () => {
    const [merge] = manifests('merge-pod.yaml');
    expect(merge.kind).toBe('Pod');
    const spec = merge.spec as unknown as PodSpec;
    const init = spec.initContainers![0];
    expect(init.command.join(' ')).toContain('npx --no-install dcsim merge /out/shard-*.csv --out /out/result.csv');
    expect(volumeAt(spec, init, '/out/result.csv')?.persistentVolumeClaim?.claimName).toBe(pvc.metadata.name);
    for (const x of [init, ...spec.containers]) expect(x.image).toBe(c.image);
  });

  it('the Dockerfile copies files that exist', () => {
    const text = readFileSync(join(ROOT, 'deploy', 'k8s', 'Dockerfile'), 'utf8');
    const copied = [...text.matchAll(/^COPY\s+(.+)\s+\S+$/gm)].flatMap((m) => m[1].split(/\s+/));
    expect(copied).toContain('package-lock.json');
    for (const f of copied) expect(existsSync(join(ROOT, f)), f).toBe(true);
  });
});

/** Runs the batch script as Slurm would: from elsewhere, with the job-array task's environment. */
function task(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const clean = Object.fromEntries(Object.entries(process.env)
      .filter(([k]) => !/^(SLURM_|DCSIM_|JOB_COMPLETION_INDEX$)/.test(k))) as Record<string, string>;
    const child = spawn('bash', [SBATCH, ...args], { cwd: tmpdir(), env: { ...clean, SLURM_SUBMIT_DIR: ROOT, ...env } });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => { out += t; });
    child.stderr.setEncoding('utf8').on('data', (t: string) => { out += t; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}
const arrayEnv = (id: number, n: number, extra: Record<string, string> = {}) => ({
  SLURM_ARRAY_JOB_ID: '7', SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_COUNT: String(n),
  SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: String(n - 1), SLURM_CPUS_PER_TASK: '1', ...extra,
});

describe('deploy/slurm/sweep.sbatch', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'dcsim-sbatch-')); });
  afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

  it('has sensible #SBATCH defaults and no mail', () => {
    const text = readFileSync(SBATCH, 'utf8');
    const directives = [...text.matchAll(/^#SBATCH\s+(\S+)/gm)].map((m) => m[1].split('=')[0]);
    expect(directives).toEqual(expect.arrayContaining(['--job-name', '--cpus-per-task', '--time', '--output']));
    expect(directives).not.toContain('--mail-user');
    expect(directives).not.toContain('--array');   // the size of the array is given at submission
  });

  it('refuses arrays that are not 0..N-1, a missing sweep or no array, exit 2', async () => {
    const bad = await Promise.all([
      task([SWEEP, dir], arrayEnv(1, 4, { SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '4' })),
      task([SWEEP, dir], arrayEnv(0, 4, { SLURM_ARRAY_TASK_MAX: '6' })),   // --array=0-6:2
      task([], arrayEnv(0, 4)),
      task(['no-such-sweep.json', dir], arrayEnv(0, 4)),
      task([SWEEP, dir], {}),
    ]);
    expect(bad.map((r) => r.code)).toEqual([2, 2, 2, 2, 2]);
    expect(bad[0].out).toContain('the array must be 0-(N-1)');
    expect(bad[2].out).toContain('usage:');
    expect(bad[3].out).toContain('no sweep file no-such-sweep.json');
    expect(bad[4].out).toContain('not a job-array task');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('three array tasks write shards whose merge is the unsharded sweep, byte for byte', async () => {
    const n = 3;
    const shards = join(dir, 'shards');
    const runs = await Promise.all([
      ...Array.from({ length: n }, (_, i) => task([SWEEP, shards], arrayEnv(i, n))),
      // the same, arguments by environment, unsharded: an array of one
      task([], arrayEnv(0, 1, { DCSIM_SWEEP: SWEEP, DCSIM_OUTDIR: join(dir, 'whole') })),
    ]);
    for (const r of runs) expect(r.code, r.out).toBe(0);
    expect(readdirSync(shards).sort()).toEqual(['shard-0.csv', 'shard-1.csv', 'shard-2.csv']);
    const merged = join(dir, 'merged.csv');
    const m = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'dcsim.js'), 'merge',
        ...[0, 1, 2].map((i) => join(shards, `shard-${i}.csv`)), '--out', merged], { cwd: ROOT });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (t: string) => { out += t; });
      child.stderr.setEncoding('utf8').on('data', (t: string) => { out += t; });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out }));
    });
    expect(m.code, m.out).toBe(0);
    const whole = readFileSync(join(dir, 'whole', 'shard-0.csv'), 'utf8');
    expect(whole.trim().split('\n').length).toBeGreaterThan(8);   // 8 runs (and a header)
    expect(readFileSync(merged, 'utf8')).toBe(whole);
  }, 180_000);   // five dcsim starts (seconds each under tsx) on a busy machine
});
