import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, smallScenario, tempDir } from './support.ts';

const EXAMPLE = 'examples/policies/largest-first.js';
const MIXED = 'examples/policies/mixed-sizes.json';
const tmp = tempDir('dcsim-module-');

/** A scenario file scheduled by `scheduling`, with a tiny workload. */
const scenarioWith = (name: string, policies: object) => tmp.file(name, smallScenario({ policies }));

describe('--policy-module: the example in examples/policies', () => {
  it('every README command that uses it runs and exits 0', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const commands = [...readme.matchAll(/^npx dcsim (.*examples\/policies.*)$/gm)].map((m) => m[1].replace(/\s+#.*$/, '').trim());
    expect(commands.length).toBeGreaterThanOrEqual(2);
    for (const c of commands) {
      const r = await cli(...c.split(/\s+/));
      expect({ command: c, code: r.code, err: r.err }).toEqual({ command: c, code: 0, err: '' });
    }
  });

  it('runs the mixed-sizes scenario under largest-first, which beats fifo there on C and T on the same seeds', async () => {
    const r = await cli('compare', MIXED, '--policy-module', EXAMPLE, '-p', 'scheduling=fifo', '-p', 'scheduling=largest-first', '--reps', '3', '--json');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.out);
    expect(d.sets.map((s: any) => s.policies.scheduling.name)).toEqual(['fifo', 'largest-first']);
    expect(d.deltas[0].metrics.C.mean).toBeGreaterThan(0);
    expect(d.deltas[0].metrics.T.mean).toBeLessThan(0);
  });

  it('starts the largest waiting work that fits, oldest first among equals, and never blocks', async () => {
    const { default: policy } = await import(pathToFileURL(join(ROOT, EXAMPLE)).href as string);
    const s = policy.create({});
    const w = (id: number, gpus: number, arrivalS: number) => ({ id, kind: 'task', workloadId: 'w', gpus, arrivalS, deadlineS: Infinity, weight: 1, workS: 1, attempts: 0 });
    const cluster = (free: number) => ({ freeGpuCount: free, findFreeGpus: (n: number) => (n <= free ? Array.from({ length: n }, (_, i) => i) : null), findSharedGpu: () => null });
    const queue = [w(0, 1, 0), w(1, 4, 1), w(2, 8, 2), w(3, 4, 0.5)];
    expect(s.schedule(queue, cluster(6), 10)).toEqual([{ workId: 3, gpus: [0, 1, 2, 3] }]);
    expect(s.schedule(queue, cluster(8), 10)).toEqual([{ workId: 2, gpus: [0, 1, 2, 3, 4, 5, 6, 7] }]);
    expect(s.schedule(queue, cluster(1), 10)).toEqual([{ workId: 0, gpus: [0] }]);
    expect(s.schedule(queue, cluster(0), 10)).toEqual([]);
    // Past maxWait, the oldest goes first.
    expect(policy.create({ maxWait: 5 }).schedule(queue, cluster(8), 10)).toEqual([{ workId: 0, gpus: [0] }]);
  });

  it('a bad parameter value fails validation with exit 2 at the policy field', async () => {
    const p = scenarioWith('badparam.json', { scheduling: { name: 'largest-first', maxWait: 'soon' } });
    const r = await cli('validate', p, '--policy-module', EXAMPLE);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: ${p}: policies.scheduling: policy "largest-first" (${EXAMPLE}) failed to start: create() threw: maxWait must be a number of seconds >= 0, got "soon"\n`);
  });

  it('without the module, a scenario naming the policy is invalid', async () => {
    const r = await cli('validate', MIXED);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/policies\.scheduling: unknown policy "largest-first"; valid: .*\bfifo\b/);
  });
});

describe('--policy-module: what a module may export', () => {
  it('a list "policies" of several families, used by the scenario like built-ins', async () => {
    const mod = tmp.file('two.js', `
      export const policies = [
        { family: 'scheduling', name: 'fifo-again', create: () => ({ name: 'fifo-again', schedule(q, c) { const w = q[0]; const g = w && c.findFreeGpus(w.gpus); return g ? [{ workId: w.id, gpus: g }] : []; } }) },
        { family: 'backup', name: 'every', params: [{ name: 'seconds', type: 'number', default: 600 }], create: (p) => ({ checkpointIntervalS: () => p.seconds ?? 600 }) },
      ];`);
    const doc = (backup: unknown) => smallScenario({
      workloads: [{ kind: 'training', id: 'job', gpus: 4, work: '6h', checkpoint: { cost: '1m', restart: '5m' } }],
      policies: { scheduling: 'fifo-again', backup },
    });
    const run = async (backup: unknown) => {
      const r = await cli('run', tmp.file('train.json', doc(backup)), '--policy-module', mod, '--json');
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      return JSON.parse(r.out).workloads.job.training.checkpoints as number;
    };
    expect(await run('every')).toBeGreaterThanOrEqual(30);
    expect(await run({ name: 'every', seconds: 7200 })).toBeLessThanOrEqual(3);
  });

  it('"policy" as a named export, and a policy without a name of its own gets its factory name', async () => {
    const mod = tmp.file('named.js', `export const policy = { family: 'scheduling', name: 'anon', create: () => ({ schedule() { throw new Error('no'); } }) };`);
    const r = await cli('run', scenarioWith('anon.json', { scheduling: 'anon' }), '--policy-module', mod);
    expect(r.code).toBe(1);
    expect(r.err).toBe('error: the run failed: policy "anon": schedule threw: no\n');
  });
});

describe('--policy-module: errors', () => {
  const run = (mod: string, policies: object = { scheduling: 'fifo' }) => cli('run', scenarioWith('s.json', policies), '--policy-module', mod);

  it('a policy that throws during the run fails it with exit 1, naming the policy', async () => {
    const mod = tmp.file('thrower.js', `export default { family: 'scheduling', name: 'thrower', description: 'throws', params: [],
      create: () => ({ name: 'thrower', schedule() { throw new Error('boom'); } }) };`);
    const r = await run(mod, { scheduling: 'thrower' });
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe('error: the run failed: policy "thrower": schedule threw: boom\n');
  });

  it('an invalid decision fails the run with exit 1, naming the policy', async () => {
    const mod = tmp.file('liar.js', `export default { family: 'scheduling', name: 'liar', create: () => ({ name: 'liar', schedule: (q) => [{ workId: q[0].id, gpus: [999] }] }) };`);
    const r = await run(mod, { scheduling: 'liar' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: the run failed: policy "liar": placement of task \d+: /);
  });

  it('no policy export: exit 2, the expected shape and what the module does export', async () => {
    const mod = tmp.file('none.js', 'export const foo = 1;\n');
    const r = await run(mod);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: ${mod}: expected an export { family, name, create } (the default export, or an export named "policy", or a list named "policies"); the module exports "foo"\n`);
  });

  it.each([
    ['missing create', `{ family: 'scheduling', name: 'x' }`, /: expected an export \{ family, name, create \} .*; "create" is missing\n$/],
    ['create not a function', `{ family: 'scheduling', name: 'x', create: 3 }`, /: policy "x": "create" must be a function create\(params\) that returns the policy, got number 3\n$/],
    ['not an object', `42`, /: expected an export \{ family, name, create \} .*; got number 42\n$/],
    ['bad params', `{ family: 'scheduling', name: 'x', create() {}, params: [{ type: 'number' }] }`, /: policy "x": params\[0\]: "name" must be a non-empty text/],
  ])('a bad shape (%s): exit 2, one line, no stack trace', async (what, exported, message) => {
    // A file name per case: an imported module stays cached by its URL.
    const r = await run(tmp.file(`bad-${what.replace(/\W+/g, '-')}.js`, `export default ${exported};\n`));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: /);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).not.toMatch(/\s+at\s+\S+ \(/);
  });

  it('an unknown family: exit 2, listing the valid ones', async () => {
    const mod = tmp.file('family.js', `export default { family: 'sched', name: 'x', create: () => ({}) };`);
    const r = await run(mod);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: ${mod}: policy "x": unknown family "sched"; valid: scheduling, failover, backup, compression, autoscaling\n`);
  });

  it('a name taken by a built-in of its family: exit 2', async () => {
    const mod = tmp.file('clash.js', `export default { family: 'scheduling', name: 'fifo', create: () => ({}) };`);
    const r = await run(mod);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: ${mod}: policy "fifo": the name is taken by the built-in scheduling policy "fifo"; choose another name\n`);
  });

  it('a name taken by a policy from another module: exit 2, naming both', async () => {
    const a = tmp.file('a.js', `export default { family: 'backup', name: 'mine', create: () => ({ checkpointIntervalS: () => 60 }) };`);
    const b = tmp.file('b.js', `export default { family: 'backup', name: 'mine', create: () => ({ checkpointIntervalS: () => 60 }) };`);
    const r = await cli('validate', scenarioWith('ab.json', {}), '--policy-module', a, '--policy-module', b);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: ${b}: policy "mine": the name is taken by the backup policy "mine" from ${a}; choose another name\n`);
  });

  it('create() returning something without the family\'s method: exit 2 when the scenario is checked', async () => {
    const mod = tmp.file('empty.js', `export default { family: 'scheduling', name: 'hollow', create: () => ({ name: 'hollow' }) };`);
    const p = scenarioWith('hollow.json', { scheduling: 'hollow' });
    const r = await cli('run', p, '--policy-module', mod);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: ${p}: policies.scheduling: policy "hollow" (${mod}): create() returned an object without schedule(); expected an object with schedule()\n`);
  });

  it('a missing file, and a file that does not load: exit 2', async () => {
    const missing = join(ROOT, 'no-such-policy.js');
    expect(await run(missing)).toMatchObject({ code: 2, err: `error: cannot read policy module ${missing}: no such file\n` });
    const broken = tmp.file('broken.js', 'export default {\n');
    const r = await run(broken);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^error: ${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the module failed to load: .+\\n$`));
  });
});
