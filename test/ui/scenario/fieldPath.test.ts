import { describe, expect, it } from 'vitest';
import { formatPath } from '../../../src/sim/scenario/formatIssue.ts';
import { parseFieldPath } from '../../../src/ui/scenario/fieldPath.ts';

describe('parseFieldPath', () => {
  it('splits keys and indices', () => {
    expect(parseFieldPath('workloads[0].arrival.poisson.rate')).toEqual(['workloads', 0, 'arrival', 'poisson', 'rate']);
    expect(parseFieldPath('')).toEqual([]);
    expect(parseFieldPath('cluster.sites[12]')).toEqual(['cluster', 'sites', 12]);
  });

  it('reads quoted keys, and undoes formatPath', () => {
    for (const p of [['metrics', 'my key'], ['a', 'x.y', 3, 'b]c'], ['weird"q', 0]]) {
      expect(parseFieldPath(formatPath(p))).toEqual(p);
    }
  });
});
