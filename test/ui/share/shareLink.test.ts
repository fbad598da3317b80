import { describe, expect, it } from 'vitest';
import { checkComparison, decodeComparison, encodeComparison, type SharedComparison } from '../../../src/ui/share/shareLink.ts';

const comparison: SharedComparison = {
  v: 1, format: 'yaml', text: 'name: x\nhorizon: 1d\n# ünïcode ✓\n'.repeat(50), presetId: 'seed-example',
  sets: [{ name: 'fifo', choices: { scheduling: 'fifo' }, params: '' }, { name: 'yd', choices: { backup: 'young-daly' }, params: 'backup.adapt=true' }],
  modules: [{ name: 'mine.js', code: 'export default { family: "scheduling" }' }],
};

describe('shared links', () => {
  it('carry a comparison compressed and give it back unchanged', async () => {
    const text = await encodeComparison(comparison);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(text.length).toBeLessThan(JSON.stringify(comparison).length / 3);
    expect(await decodeComparison(text)).toEqual(comparison);
  });

  it('refuse damaged or foreign links with a reason', async () => {
    await expect(decodeComparison('not-a-link')).rejects.toThrow(/damaged/);
    expect(() => checkComparison({ v: 2 })).toThrow(/not a dcsim comparison/);
    expect(() => checkComparison({ ...comparison, sets: [] })).toThrow(/one to four policy sets/);
    expect(() => checkComparison({ ...comparison, sets: [{ name: 1 }] })).toThrow(/policy set 1 is malformed/);
    expect(() => checkComparison({ ...comparison, modules: [{ name: 'x' }] })).toThrow(/policy module 1 is malformed/);
  });
});
