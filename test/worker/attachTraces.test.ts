/**
 * attachTraces: the pure part of reading a scenario's traces — which files, in what order,
 * parsed how, cached how — with a reader that may return text or a promise of it.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/sim/scenario/formatIssue.ts';
import { validateScenario } from '../../src/sim/scenario/parseScenario.ts';
import { TraceError } from '../../src/sim/trace/TraceError.ts';
import { attachTraces, traceFiles, type TraceCache } from '../../src/worker/attachTraces.ts';

const AZURE = 'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.0,100,10\n2023-11-16 18:15:48.5,200,20\n';
const ALIBABA = 'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\n'
  + 'p0,1000,1024,1,1000,,LS,Running,0,100,0\np1,1000,1024,3,1000,,LS,Running,10,200,20\n';
const FAILURES = 'time,target,id,duration\n60,node,dc/r0/n1,30\n';

function scenario(gpusPerNode = 8) {
  return validateScenario({
    name: 't', horizon: '1h',
    cluster: { sites: [{ id: 'dc', racks: 1, nodesPerRack: 2, node: { gpus: gpusPerNode, gpu: 'H100' } }] },
    workloads: [
      { kind: 'inference', id: 'chat', replicas: 1, trace: { format: 'azure-llm-2023', path: 'dir/azure.csv' }, tokens: { prefillPerToken: '1ms', decodePerToken: '10ms' } },
      { kind: 'batch', id: 'pods', trace: { format: 'alibaba-gpu-2023', path: 'alibaba.csv' } },
      { kind: 'training', id: 'job', gpus: 1, work: '1h' },
    ],
    failures: [{ trace: { format: 'failures-csv', path: 'failures.csv' } }, { target: 'node', mtbf: '10h', repair: '1h' }],
  });
}

const files: Record<string, string> = { 'dir/azure.csv': AZURE, 'alibaba.csv': ALIBABA, 'failures.csv': FAILURES };

describe('attachTraces', () => {
  it('lists the trace files with the fields naming them', () => {
    expect(traceFiles(scenario())).toEqual([
      { path: 'dir/azure.csv', field: 'workloads[0].trace.path' },
      { path: 'alibaba.csv', field: 'workloads[1].trace.path' },
      { path: 'failures.csv', field: 'failures[0].trace.path' },
    ]);
  });

  it('attaches every trace with a synchronous reader, reading in field order', () => {
    const reads: string[] = [];
    const s = attachTraces(scenario(), (path, field) => { reads.push(`${field}=${path}`); return files[path]; });
    expect(reads).toEqual(['workloads[0].trace.path=dir/azure.csv', 'workloads[1].trace.path=alibaba.csv', 'failures[0].trace.path=failures.csv']);
    const [chat, pods, job] = s.workloads;
    if (chat.kind !== 'inference' || pods.kind !== 'batch') throw new Error('kinds');
    expect([...chat.trace!.data!.arrivalS]).toEqual([0, 2.5]);
    expect([...pods.trace!.data!.gpus]).toEqual([1, 3]);
    expect(job.kind).toBe('training');
    const f = s.failures[0];
    expect(f.kind === 'trace' && f.data).toEqual([{ target: 'node', id: 'dc/r0/n1', atS: 60, durationS: 30 }]);
    expect(s.failures[1].kind).toBe('random');
  });

  it('returns a promise with a reader that returns promises, with the same result', async () => {
    const r = attachTraces(scenario(), async (path) => files[path]);
    expect(r).toBeInstanceOf(Promise);
    const s = await r;
    const sync = attachTraces(scenario(), (path) => files[path]);
    expect(JSON.stringify(s, (_k, v) => (ArrayBuffer.isView(v) ? [...(v as Float64Array)] : v)))
      .toBe(JSON.stringify(sync, (_k, v) => (ArrayBuffer.isView(v) ? [...(v as Float64Array)] : v)));
  });

  it('reuses parsed workload traces from the cache (failure traces are always read)', () => {
    const cache: TraceCache = new Map();
    const reads: string[] = [];
    const read = (path: string) => { reads.push(path); return files[path]; };
    attachTraces(scenario(), read, { cache });
    attachTraces(scenario(), read, { cache });
    expect(reads).toEqual(['dir/azure.csv', 'alibaba.csv', 'failures.csv', 'failures.csv']);
  });

  it('passes the reader\'s error on, synchronous or not', async () => {
    const boom = () => { throw new Error('gone'); };
    expect(() => attachTraces(scenario(), boom)).toThrow('gone');
    await expect(attachTraces(scenario(), async (p) => { if (p === 'alibaba.csv') throw new Error('404'); return files[p]; })).rejects.toThrow('404');
  });

  it('reports a malformed row as a TraceError naming the path as written', () => {
    expect(() => attachTraces(scenario(), (p) => (p === 'alibaba.csv' ? ALIBABA.replace(',3,1000,', ',z,1000,') : files[p]))).toThrow(TraceError);
  });

  it('rejects a trace task needing more GPUs than the cluster has, at workloads[i].trace', () => {
    try {
      attachTraces(scenario(1), (p) => files[p], { source: 'my.json' });
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      expect((e as ScenarioError).issues).toEqual([{ path: 'workloads[1].trace', message: 'the trace has tasks needing 3 GPUs at once but the cluster has only 2' }]);
      expect((e as ScenarioError).source).toBe('my.json');
    }
  });
});
