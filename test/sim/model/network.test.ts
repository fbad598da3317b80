/**
 * The network: rack uplinks and WAN links with bandwidth and latency, shared by the
 * transfers that cross them (checkpoint writes and reads, copies between sites), and
 * failures of links that cut off what stands behind them.
 */
import { describe, expect, it } from 'vitest';
import { fixedInterval } from '../../../src/policies/backup/fixedInterval.ts';
import { simulate } from '../../../src/sim/model/simulate.ts';
import type { Scenario } from '../../../src/sim/scenario/types.ts';
import { policySet } from '../../helpers/policies.ts';
import { newLog, scenario } from './helpers.ts';

const H = 3600;
/** A site of `racks` racks of one 4-GPU node, storage at 10 GB/s (replicated twice when asked). */
const site = (id: string, racks: number, extra: Record<string, unknown> = {}) => ({
  id, racks, nodesPerRack: 1, node: { gpus: 4, gpu: 'H100' }, storage: { bandwidth: '10GB/s' }, ...extra,
});
const job = (id: string, gpus: number, extra: Record<string, unknown> = {}) => ({ kind: 'training', id, gpus, work: '3h', checkpoint: { size: '100GB', restart: '60s' }, ...extra });

function runLogged(s: Scenario) {
  const { log, observer } = newLog();
  const phases: [number, string, number][] = [];
  const result = simulate(s, policySet({ backup: fixedInterval.create({ interval: '1h' }) }), {
    observer: { ...observer, trainingPhase: (t, p, _pr, time) => phases.push([t, p, time]) },
  });
  /** Lengths of the phases named `phase` of task t that ended. */
  const lengths = (t: number, phase: string) => {
    const mine = phases.filter(([k]) => k === t);
    return mine.flatMap(([, p, time], i) => (p === phase && i + 1 < mine.length ? [mine[i + 1][2] - time] : []));
  };
  return { result, log, lengths };
}

describe('rack uplinks', () => {
  it('limit a checkpoint write: 8 GPUs on 2 racks send 50 GB each over 2 GB/s uplinks (25 s), plus the 1 ms latency', () => {
    const s = scenario({ cluster: { sites: [site('a', 2, { uplink: { bandwidth: '2GB/s', latency: '1ms' } })] }, workloads: [job('j', 8)] });
    const writes = runLogged(s).lengths(0, 'checkpoint');
    expect(writes).toHaveLength(2);
    for (const w of writes) expect(w).toBeCloseTo(25.001, 9);
  });

  it('do not limit a write when the storage is narrower: 100 GB at 10 GB/s over 40 GB/s uplinks takes 10 s', () => {
    const s = scenario({ cluster: { sites: [site('a', 2, { uplink: { bandwidth: '40GB/s' } })] }, workloads: [job('j', 8)] });
    expect(runLogged(s).lengths(0, 'checkpoint')).toEqual([10, 10]);
  });

  it('are shared by two jobs on one rack: each gets half of the 2 GB/s uplink', () => {
    const s = scenario({
      cluster: { sites: [{ ...site('a', 1, { uplink: { bandwidth: '2GB/s' } }), node: { gpus: 8, gpu: 'H100' } }] },
      workloads: [job('j1', 4), job('j2', 4)],
    });
    const { lengths } = runLogged(s);
    expect(lengths(0, 'checkpoint')).toEqual([100, 100]);
    expect(lengths(1, 'checkpoint')).toEqual([100, 100]);
  });

  it('a failed uplink cuts its rack off: the work there is interrupted (cause "uplink"), the rack\'s stored data is kept', () => {
    const s = scenario({
      cluster: { sites: [site('a', 3, { storage: { bandwidth: '10GB/s', replicas: 2 }, uplink: { bandwidth: '10GB/s' } })] },
      workloads: [job('j', 4)],
      failures: [{ target: 'uplink', id: 'a/r0', at: '30m', duration: '1h' }, { target: 'uplink', id: 'a/r1', at: '40m', duration: '1h' }],
    });
    const { result, log } = runLogged(s);
    // Restarted on r1 in the same site, it is cut off again when r1's uplink fails.
    expect(log.interrupted.map((i) => [i.cause, i.timeS])).toEqual([['uplink', 30 * 60], ['uplink', 40 * 60]]);
    expect(log.changes.filter((c) => c.down).map((c) => [c.target, c.id])).toEqual([['uplink', 'a/r0'], ['uplink', 'a/r1']]);
    // Two racks cut off at once would lose the stripes they share, were they rack failures.
    expect(result.storage.a.lostStripes).toBe(0);
    expect(result.failures.byTarget.uplink).toBe(2);
    // The GPUs behind a cut uplink count as down: 4 of 12 GPUs for 1 h, and 4 more for 1 h.
    expect(result.metrics.upGpuS).toBeCloseTo(12 * result.metrics.endS - 2 * 4 * H, 6);
  });
});

describe('copies over the WAN', () => {
  const twoSites = (copy: Record<string, unknown>, wan: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => scenario({
    horizon: '1d', runToHorizon: true,
    cluster: {
      sites: [site('a', 1, { storage: { bandwidth: '10GB/s', copy: { to: 'b', ...copy } } }), site('b', 1)],
      wan: [{ between: ['a', 'b'], bandwidth: '1GB/s', latency: '50ms', ...wan }],
    },
    ...extra,
  });

  it('take size / WAN bandwidth + latency; an outage of the site finds the newest copy as old as its start (RPO)', () => {
    const { result } = runLogged(twoSites({ every: '6h', size: '100GB' }, {}, { failures: [{ target: 'site', id: 'a', at: '7h', duration: '1h' }] }));
    expect(result.storage.a.copies).toMatchObject({ outages: 1, meanRpoS: H, maxRpoS: H, cut: 0 });
  });

  it('skip a copy that falls due while the previous one is still under way', () => {
    // 5.4 TB at 1 GB/s: 1.5 h per copy, one due every hour; copies start at 0, 2h, … 22h and 24h.
    const { result } = runLogged(twoSites({ every: '1h', size: '5.4TB' }));
    expect(result.storage.a.copies).toMatchObject({ made: 12, skipped: 12, cut: 0 });
  });

  it('share the WAN link: two sites copying 100 GB to each other over 1 GB/s take 200 s each', () => {
    const s = scenario({
      horizon: '1d',
      cluster: {
        sites: [site('a', 1, { storage: { bandwidth: '10GB/s', copy: { to: 'b', every: '6h', size: '100GB' } } }), site('b', 1, { storage: { bandwidth: '10GB/s', copy: { to: 'a', every: '6h', size: '100GB' } } })],
        wan: [{ between: ['a', 'b'], bandwidth: '1GB/s' }],
      },
      // Outages of each site 150 s and 250 s after the first copies began.
      failures: [{ target: 'site', id: 'a', at: '150s', duration: '1s' }, { target: 'site', id: 'b', at: '6h250s', duration: '1s' }],
      runToHorizon: true,
    });
    const { result } = runLogged(s);
    // a's outage at 150 s cuts both copies under way (neither finished: 200 s needed).
    expect(result.storage.a.copies).toMatchObject({ cut: 1, outages: 1, maxRpoS: 150 });
    // b's outage at 6h+250s: the copies begun at 6h ended at 6h+200s.
    expect(result.storage.b.copies).toMatchObject({ outages: 1, maxRpoS: 250 });
  });

  it('are cut by a failure of the WAN link, and none starts while it is down', () => {
    const { result } = runLogged(twoSites({ every: '1h', size: '100GB' }, {}, {
      failures: [{ target: 'wan', id: 'a-b', at: '2h10s', duration: '2h' }, { target: 'site', id: 'a', at: '4h30m', duration: '1h' }],
    }));
    // Copies (100 s each) due hourly: 0 and 1h made; 2h cut at 2h10s; 3h and 4h skipped (link
    // down until 4h10s); 5h skipped (site a down from 4h30m); 6h … 23h made; 24h under way at the end.
    // The outage at 4h30m finds the copy begun at 1h as the newest safe one: RPO 3.5 h.
    expect(result.storage.a.copies).toEqual({ made: 20, skipped: 3, cut: 1, outages: 1, meanRpoS: 3.5 * H, maxRpoS: 3.5 * H });
    expect(result.failures.byTarget.wan).toBe(1);
  });
});

describe('WAN link failures and work', () => {
  it('interrupt work spanning the two sites (cause "wan") and leave work inside one site alone', () => {
    const s = scenario({
      cluster: { sites: [site('a', 1), site('b', 1)], wan: [{ id: 'ab', between: ['a', 'b'], bandwidth: '1GB/s' }] },
      workloads: [job('span', 8, { checkpoint: { cost: '1m', restart: '1m' } })],
      failures: [{ target: 'wan', id: 'ab', at: '30m', duration: '10m' }],
    });
    const { log } = runLogged(s);
    expect(log.interrupted.map((i) => [i.cause, i.timeS])).toEqual([['wan', 1800]]);
    const inOne = scenario({
      cluster: { sites: [site('a', 1), site('b', 1)], wan: [{ id: 'ab', between: ['a', 'b'], bandwidth: '1GB/s' }] },
      workloads: [job('one', 4, { checkpoint: { cost: '1m', restart: '1m' } })],
      failures: [{ target: 'wan', id: 'ab', at: '30m', duration: '10m' }],
    });
    expect(runLogged(inOne).log.interrupted).toEqual([]);
  });
});

describe('network scenario errors', () => {
  const cluster = (wan: unknown[], sites = [site('a', 1), site('b', 1)]) => ({ sites, wan });
  it('names the field and what was expected', () => {
    expect(() => scenario({ cluster: cluster([{ between: ['a', 'c'], bandwidth: '1GB/s' }]) })).toThrow(/cluster\.wan\[0\]\.between\[1\]: no site "c"; sites: a, b/);
    expect(() => scenario({ cluster: cluster([{ between: ['a', 'a'], bandwidth: '1GB/s' }]) })).toThrow(/cluster\.wan\[0\]\.between: a WAN link joins two different sites/);
    expect(() => scenario({ cluster: cluster([{ between: ['a', 'b'], bandwidth: '1GB/s' }, { id: 'x', between: ['b', 'a'], bandwidth: '1GB/s' }]) }))
      .toThrow(/cluster\.wan\[1\]\.between: sites "b" and "a" are already joined by cluster\.wan\[0\]/);
    expect(() => scenario({ cluster: cluster([{ between: ['a', 'b'] }]) })).toThrow(/cluster\.wan\[0\]\.bandwidth/);
    expect(() => scenario({ cluster: cluster([], [site('a', 1, { storage: { copy: { to: 'b', every: '1h', size: '1TB' } } }), site('b', 1)]) }))
      .toThrow(/cluster\.sites\[0\]\.storage\.copy\.size: a copy given by size travels over the WAN, but no link in "cluster\.wan" joins "a" and "b"/);
    expect(() => scenario({ cluster: cluster([], [site('a', 1, { storage: { copy: { to: 'b', every: '1h' } } }), site('b', 1)]) }))
      .toThrow(/storage\.copy\.duration: give "duration" .* or "size"/);
    expect(() => scenario({ cluster: cluster([]), failures: [{ target: 'wan', id: 'a-b', at: '1h', duration: '1h' }] })).toThrow(/failures\[0\]\.id: no WAN link "a-b": the cluster has no "wan" links/);
    expect(() => scenario({ cluster: cluster([{ between: ['a', 'b'], bandwidth: '1GB/s' }]), failures: [{ target: 'wan', id: 'b-a', at: '1h', duration: '1h' }] }))
      .toThrow(/no WAN link "b-a"; links: a-b/);
    expect(() => scenario({ cluster: cluster([]), failures: [{ target: 'uplink', id: 'a', at: '1h', duration: '1h' }] })).toThrow(/expected a uplink id such as "east\/r0" \(the rack it serves\)/);
    expect(() => scenario({ cluster: { sites: [site('a', 1, { uplink: { bandwidth: 'fast' } })] } })).toThrow(/cluster\.sites\[0\]\.uplink\.bandwidth: expected a positive bandwidth/);
  });
});

describe('the network under failures (found by the property tests)', () => {
  const two = (extra: Record<string, unknown> = {}) => ({ sites: [site('a', 1), site('b', 1)], wan: [{ between: ['a', 'b'], bandwidth: '1GB/s', ...extra }] });

  it('does not place work across a WAN link while it is down: the spanning task waits for the repair', () => {
    const s = scenario({
      cluster: two(), workloads: [{ kind: 'batch', id: 'w', count: 1, gpus: 8, arrival: { poisson: { rate: 1e6 } }, work: '1h' }],
      failures: [{ target: 'wan', id: 'a-b', at: '30m', duration: '10m' }],
    });
    const { log } = runLogged(s);
    expect(log.interrupted.map((i) => [i.cause, i.timeS])).toEqual([['wan', 1800]]);
    expect(log.started.map((x) => x.timeS)).toEqual([expect.closeTo(0, 3), 2400]);
    expect(log.completed.get(0)).toBe(2400 + H);
  });

  it('sends the share of a job spanning two sites over the WAN when it checkpoints: 50 GB at 0.1 GB/s', () => {
    const s = scenario({ cluster: two({ bandwidth: '100MB/s' }), workloads: [job('span', 8)] });
    for (const w of runLogged(s).lengths(0, 'checkpoint')) expect(w).toBeCloseTo(500, 6);
  });

  it('cuts and skips copies given by duration while their WAN link is down', () => {
    const s = scenario({
      horizon: '3h', runToHorizon: true,
      cluster: { ...two(), sites: [site('a', 1, { storage: { bandwidth: '10GB/s', copy: { to: 'b', every: '1h', duration: '30m' } } }), site('b', 1)] },
      failures: [{ target: 'wan', id: 'a-b', at: '10m', duration: '1h' }],
    });
    expect(runLogged(s).result.storage.a.copies).toMatchObject({ made: 1, skipped: 1, cut: 1 });
  });

  it('refuses random WAN failures in a cluster without WAN links', () => {
    expect(() => scenario({ cluster: { sites: [site('a', 1)] }, failures: [{ target: 'wan', mtbf: '10h', repair: '1h' }] }))
      .toThrow(/failures\[0\]\.target: no WAN links to fail/);
  });

  it('interrupts a restart reading its checkpoint over a WAN link that fails, and then starts over (nothing reachable)', () => {
    const anywhere = { name: 'anywhere', onInterrupted: () => ({ action: 'restart' as const }) };
    const s = scenario({
      cluster: { sites: [site('a', 1, { uplink: { bandwidth: '100GB/s' } }), site('b', 1)], wan: [{ between: ['a', 'b'], bandwidth: '1GB/s' }] },
      workloads: [job('j', 4)],
      failures: [{ target: 'uplink', id: 'a/r0', at: '1h30m', duration: '10h' }, { target: 'wan', id: 'a-b', at: '5410s', duration: '10h' }],
    });
    const { log, observer } = newLog();
    const r = simulate(s, policySet({ failover: anywhere, backup: fixedInterval.create({ interval: '1h' }) }), { observer });
    expect(log.interrupted.map((i) => [i.cause, i.timeS])).toEqual([['uplink', 5400], ['wan', 5410]]);
    expect(r.workloads.j.training!.checkpointsLost).toBe(1);
    expect(r.workloads.j.training!.progress).toBe(1);
  });
});
