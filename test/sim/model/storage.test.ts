/**
 * Storage: stripes rotated over a site's racks; a rack that fails loses its pieces until
 * repaired; a stripe with fewer pieces than it needs is lost for good (a data-loss event).
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/worker/runScenario.ts';
import { tQuantile } from '../../helpers/stats.ts';
import { run, scenario } from './helpers.ts';

const H = 3600;
const storageSite = (racks: number, storage: Record<string, unknown>) => ({ id: 'dc', racks, nodesPerRack: 1, node: { gpus: 1, gpu: 'H100' }, storage });
const rackDown = (rack: number, at: string, duration: string) => ({ target: 'rack', id: `dc/r${rack}`, at, duration });

describe('storage and data loss', () => {
  it('loses the stripes whose two replicas sit on two racks down at once, and only those', () => {
    // 3 racks, 2 replicas, 300 stripes in 3 groups of 100 on racks {0,1}, {1,2}, {2,0}.
    // Rack 0 down 1h–3h, rack 1 down 2h–3h: group {0,1} is lost at 2h. Rack 2 alone at 5h: nothing.
    const s = scenario({
      horizon: '10h', runToHorizon: true,
      cluster: { sites: [storageSite(3, { replicas: 2, stripes: 300 })] },
      failures: [rackDown(0, '1h', '2h'), rackDown(1, '2h', '1h'), rackDown(2, '5h', '1h')],
    });
    expect(run(s).result.storage).toEqual({ dc: { stripes: 300, lostStripes: 100, dataLossEvents: 1, firstLossS: 2 * H } });
  });

  it('with erasure coding 2+1 over 3 racks, survives one rack down and loses everything with two', () => {
    const base = { horizon: '10h', runToHorizon: true, cluster: { sites: [storageSite(3, { erasure: { k: 2, m: 1 }, stripes: 90 })] } };
    expect(run(scenario({ ...base, failures: [rackDown(0, '1h', '2h')] })).result.storage.dc.lostStripes).toBe(0);
    const both = run(scenario({ ...base, failures: [rackDown(0, '1h', '2h'), rackDown(2, '90m', '10m')] })).result.storage.dc;
    expect(both).toEqual({ stripes: 90, lostStripes: 90, dataLossEvents: 1, firstLossS: 1.5 * H });
  });

  it('a site outage takes every rack down at once; planned maintenance keeps the data', () => {
    const site = { horizon: '10h', runToHorizon: true, cluster: { sites: [storageSite(4, { replicas: 3 })] } };
    expect(run(scenario({ ...site, failures: [{ target: 'site', id: 'dc', at: '1h', duration: '1h' }] })).result.storage.dc.lostStripes).toBe(1000);
    expect(run(scenario({ ...site, maintenance: [{ target: 'rack', at: '1h', duration: '1h', perWave: 4 }] })).result.storage.dc.lostStripes).toBe(0);
  });

  it('refuses more pieces than racks, and both replicas and erasure', () => {
    expect(() => scenario({ cluster: { sites: [storageSite(2, { replicas: 3 })] } })).toThrow(/cluster\.sites\[0\]\.storage: each stripe needs 3 pieces on different racks, but the site has 2 rack\(s\)/);
    expect(() => scenario({ cluster: { sites: [storageSite(3, { replicas: 2, erasure: { k: 2, m: 1 } })] } })).toThrow(/storage\.replicas: give "replicas" .* or "erasure"/);
  });

  it('reaches its first data loss after the mean time to data loss of two-way replication, (3λ + μ) / (2λ²)', () => {
    // Two racks, each failing at λ = 1/100 h and repaired at μ = 1/10 h (exponential): the
    // Markov chain 2 up → 1 up → 0 up (absorbing) has MTTDL = (3λ + μ) / (2λ²) = 650 h.
    const lambda = 1 / (100 * H), mu = 1 / (10 * H);
    const mttdl = (3 * lambda + mu) / (2 * lambda * lambda);
    const doc = scenario({
      horizon: `${Math.round(25 * mttdl)}s`,
      cluster: { sites: [storageSite(2, { replicas: 2, stripes: 2 })] },
      failures: [{ target: 'rack', mtbf: '100h', repair: { exponential: { mean: '10h' } } }],
    });
    const n = 1600;
    const firsts: number[] = [];
    for (let seed = 1; seed <= n; seed++) {
      const t = runScenario(doc, { seed }).storage.dc.firstLossS;
      expect(t).not.toBeNull();
      firsts.push(t!);
    }
    const mean = firsts.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(firsts.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    const half = tQuantile(0.9995, n - 1) * sd / Math.sqrt(n);
    if (process.env.THEORY_REPORT) console.info(`MTTDL: measured ${(mean / H).toFixed(1)} h ± ${(half / H).toFixed(1)} h (99.9%), theory ${(mttdl / H).toFixed(1)} h`);
    expect(half / mttdl).toBeLessThan(0.1);
    expect(Math.abs(mean - mttdl)).toBeLessThanOrEqual(half);
  });

  describe('copies to another site', () => {
    const twoSites = (failures: unknown[]) => scenario({
      horizon: '10h', runToHorizon: true,
      cluster: { sites: [
        { ...storageSite(2, { replicas: 2, copy: { to: 'dr', every: '1h', duration: '10m' } }) },
        { id: 'dr', racks: 1, nodesPerRack: 1, node: { gpus: 1, gpu: 'H100' } },
      ] },
      failures,
    });

    it('reports the age of the newest completed copy when the site goes down (RPO)', () => {
      // Copies start on the hour and are safe 10 min later. An outage at 3h30 finds the 3h
      // copy safe: RPO 30 min. One at 6h05 cuts the 6h copy: the 5h copy is the newest, RPO 65 min.
      const c = run(twoSites([{ target: 'site', id: 'dc', at: '3h30m', duration: '10m' }, { target: 'site', id: 'dc', at: '6h5m', duration: '10m' }])).result.storage.dc.copies!;
      expect(c.outages).toBe(2);
      expect(c.meanRpoS).toBeCloseTo((30 + 65) * 60 / 2, 6);
      expect(c.maxRpoS).toBeCloseTo(65 * 60, 6);
    });

    it('makes no copy while the destination is down, so the recovery point ages', () => {
      // The DR site is down 1h55–4h: the 2h and 3h copies are not made (the 1h55 outage also
      // cuts nothing: the 1h copy was safe at 1h10). An outage of dc at 4h05 finds the 1h copy
      // the newest safe one (the 4h copy is under way): RPO 3h05.
      const r = run(twoSites([{ target: 'site', id: 'dr', at: '1h55m', duration: '2h5m' }, { target: 'site', id: 'dc', at: '4h5m', duration: '10m' }])).result.storage.dc.copies!;
      expect(r.maxRpoS).toBeCloseTo(3 * 3600 + 5 * 60, 6);
    });

    it('refuses a copy to itself, to an unknown site, or one slower than its schedule', () => {
      const doc = (copy: Record<string, unknown>) => ({ cluster: { sites: [storageSite(2, { replicas: 2, copy }), { id: 'dr', racks: 1, nodesPerRack: 1, node: { gpus: 1, gpu: 'H100' } }] } });
      expect(() => scenario(doc({ to: 'dc', every: '1h', duration: '1m' }))).toThrow(/storage\.copy\.to: a copy must go to another site/);
      expect(() => scenario(doc({ to: 'zz', every: '1h', duration: '1m' }))).toThrow(/storage\.copy\.to: no site "zz"/);
      expect(() => scenario(doc({ to: 'dr', every: '1h', duration: '2h' }))).toThrow(/storage\.copy\.duration: a copy must finish before the next starts/);
    });
  });
});
