/**
 * gpuOutside names the first GPU of a placement outside its site, for the scheduler's "GPU …
 * is outside site" error: not the last range's, when a range across the end is followed by
 * another, nor when the site is empty.
 */
import { describe, expect, it } from 'vitest';
import { gpuOutside } from '../../../../src/sim/model/placement/checkDecisions.ts';

describe('gpuOutside: the first GPU outside, not the last range\'s', () => {
  it('names the first GPU past the end when a range across the end is followed by another', () => {
    // [14, 18) crosses the end 16: GPU 16 is the first outside, before 20.
    expect(gpuOutside([10, 12, 14, 18, 20, 22], 8, 16)).toBe(16);
  });

  it('with an empty site (an unknown one: [0, 0)), names the task\'s lowest GPU', () => {
    expect(gpuOutside([3, 4], 0, 0)).toBe(3);
    expect(gpuOutside([0, 2, 5, 6], 0, 0)).toBe(0);
  });
});
