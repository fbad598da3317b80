import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../../src/sim/model/RunResult.ts';
import { FIGURE_DEFINITIONS } from '../../../src/ui/charts/figureDefinitions.ts';
import { summaryCsv } from '../../../src/ui/charts/summaryCsv.ts';
import { meanAvailability, summarySections } from '../../../src/ui/charts/summaryFigures.ts';
import { fixtureRuns } from '../support/chartFixtures.ts';

const runs = fixtureRuns();
const results = runs.map((r) => r.result);

/** A run with one batch workload, no inference, no training, no storage, where nothing completed. */
function batchOnly(): RunResult {
  const r = results[0];
  return {
    ...r,
    metrics: { ...r.metrics, T: null, Tp50: null, Tp95: null, Tp99: null, completed: 0 },
    workloads: { 'batch-jobs': { ...r.workloads['batch-jobs'], recovery: undefined } },
    storage: {},
  };
}

describe('summarySections', () => {
  it('starts with the headline C, S, T, R', () => {
    const s = summarySections(results);
    expect(s[0].id).toBe('headline');
    expect(s[0].rows.map((r) => r.id)).toEqual(['C', 'S', 'T', 'R']);
  });

  it('shows every run-level figure the results carry, then each workload', () => {
    const s = summarySections(results);
    const ids = s.flatMap((x) => x.rows.map((r) => `${x.id}/${r.id}`));
    for (const id of ['service/availability', 'service/goodput', 'service/sloAttainment', 'service/Tp99', 'service/requestsDropped',
      'gpu/lostGpuS', 'gpu/checkpointGpuS', 'disruption/failures', 'disruption/interruptions.planned', 'disruption/preemptions',
      'recovery/rto', 'recovery/rtoMax', 'recovery/rpo', 'storage/storageRpo', 'run/endS']) expect(ids).toContain(id);
    // By-target rows that are zero in every run are left out.
    expect(ids).not.toContain('disruption/failures.site');
    expect(ids).toContain('disruption/failures.gpu');
    expect(s.filter((x) => x.workload).map((x) => x.workload)).toEqual(['batch-jobs', 'llm-pretrain', 'chat-api']);
    const chat = s.find((x) => x.workload === 'chat-api')!;
    expect(chat.rows.map((r) => r.id)).toContain('availability');
    expect(chat.rows.map((r) => r.id)).not.toContain('progress');
  });

  it('leaves out what no result carries, and keeps figures without a value', () => {
    const s = summarySections([batchOnly()]);
    const ids = s.flatMap((x) => x.rows.map((r) => r.id));
    for (const id of ['availability', 'requestsDropped', 'quality', 'rto', 'rpo', 'lostStripes', 'storageRpo']) expect(ids).not.toContain(id);
    const t = s[0].rows.find((r) => r.id === 'T')!;
    expect(t.get(batchOnly())).toBeNull();
    expect(s.some((x) => x.id === 'storage')).toBe(false);
  });

  it('gives no sections for no results', () => {
    expect(summarySections([])).toEqual([]);
  });

  it('aggregates over workloads: mean availability, RTO weighted by recoveries, worst RTO', () => {
    const r = results[0];
    expect(meanAvailability(r)).toBeCloseTo(0.9934);
    const rows = summarySections([r]).flatMap((s) => s.workload ? [] : s.rows);
    const get = (id: string) => rows.find((x) => x.id === id)!.get(r);
    const b = r.workloads['batch-jobs'].recovery!, t = r.workloads['llm-pretrain'].recovery!;
    expect(get('rto')).toBeCloseTo((b.meanRtoS! * b.count + t.meanRtoS! * t.count) / (b.count + t.count));
    expect(get('rtoMax')).toBe(Math.max(b.maxRtoS!, t.maxRtoS!));
    expect(get('recoveries')).toBe(b.count + t.count);
    expect(get('requestsDropped')).toBe(38);
  });

  it('has a definition for every row', () => {
    for (const s of summarySections(results)) for (const r of s.rows) expect(FIGURE_DEFINITIONS[r.def]?.text.length).toBeGreaterThan(20);
  });
});

describe('summaryCsv', () => {
  it('has a column per run and a difference column per later run', () => {
    const csv = summaryCsv(runs.map((r) => r.name), results, summarySections(results));
    const lines = csv.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe('section,figure,unit,baseline,hot spares,hot spares − baseline,ckpt every 10 min,ckpt every 10 min − baseline');
    expect(lines[1]).toBe('Headline,C · business continuity,,0.9612,0.9825,0.0213,0.9688,0.0076');
    const lost = lines.find((l) => l.startsWith('GPU time,lost,'))!;
    expect(lost).toBe('GPU time,lost,GPU-h,612,184,-428,239,-373');
    // No difference for the seed; per-workload sections are named.
    expect(lines.find((l) => l.startsWith('Run,seed,'))).toBe('Run,seed,count,7,7,,7,');
    expect(lines.some((l) => l.startsWith('workload chat-api,availability,,0.9934,0.9991,'))).toBe(true);
    // Every record has the same number of fields (none of these need quoting).
    const widths = new Set(lines.slice(0, -1).map((l) => l.split(',').length));
    expect([...widths]).toEqual([8]);
  });

  it('quotes names with commas', () => {
    const csv = summaryCsv(['a, b'], [results[0]], summarySections([results[0]]));
    expect(csv.split('\r\n')[0]).toBe('section,figure,unit,"a, b"');
  });
});
