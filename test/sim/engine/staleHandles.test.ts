import { describe, expect, it } from 'vitest';
import { EventQueue, NO_EVENT } from '../../../src/sim/engine/EventQueue.ts';

/**
 * A handle packs (slot, generation), the generation 26 bits wide, and the free list is LIFO:
 * schedule-then-cancel (or schedule-then-fire) with one event pending at a time uses the same
 * slot over and over. These tests go round it more than 2^26 times (the real loop, a few
 * seconds), past the point where the generation used to wrap and hand out an old handle again.
 */
const WRAP = 2 ** 26;
const slotOf = (handle: number) => handle % WRAP;

describe('EventQueue stale handles', () => {
  it('a stale handle never cancels a later event in its slot, over more than 2^26 schedule/cancel cycles', () => {
    const q = new EventQueue();
    const old = q.push(1, 0, -1);
    expect(q.cancel(old)).toBe(true);
    let reached = 0, sameSlot = 0;
    for (let i = 0; i < WRAP + 16; i++) {
      const h = q.push(1, 0, i);
      if (slotOf(h) === slotOf(old)) sameSlot++;
      if (q.cancel(old)) reached++;
      if (!q.cancel(h)) reached += WRAP; // its own handle must still cancel it
    }
    expect(sameSlot).toBeGreaterThanOrEqual(WRAP - 1); // the slot did come round to the old wrap
    expect(reached).toBe(0);
    expect(q.size).toBe(0);
    const live = q.push(2, 0, 7);
    expect(q.cancel(old)).toBe(false);
    expect(q.isPending(old)).toBe(false);
    expect(q.isPending(live)).toBe(true);
    expect(q.pop() && q.poppedPayload).toBe(7);
  });

  it('a handle of an event that fired never cancels a later event in its slot, over more than 2^26 schedule/fire cycles', () => {
    const q = new EventQueue();
    const old = q.push(0, 0, -1);
    expect(q.pop()).toBe(true);
    let reached = 0, sameSlot = 0, wrongPop = 0;
    for (let i = 0; i < WRAP + 16; i++) {
      const h = q.push(i, 0, i);
      if (slotOf(h) === slotOf(old)) sameSlot++;
      if (q.cancel(old)) reached++;
      if (!q.pop() || q.poppedPayload !== i) wrongPop++;
    }
    expect(sameSlot).toBeGreaterThanOrEqual(WRAP - 1);
    expect(reached).toBe(0);
    expect(wrongPop).toBe(0);
    const live = q.push(WRAP + 16, 0, 7);
    expect(q.cancel(old)).toBe(false);
    expect(q.isPending(live)).toBe(true);
    expect(q.pop() && q.poppedPayload).toBe(7);
  });

  it('NO_EVENT and numbers never issued as handles are never pending and cancel nothing', () => {
    const q = new EventQueue();
    const live = q.push(1, 0, 1);
    const other = q.push(2, 0, 2);
    const never = [NO_EVENT, -2, -0.5, 0.5, live + 0.5, NaN, Infinity, -Infinity, 2 ** 52, 2 ** 53, live + WRAP, other + 5 * WRAP, 123456];
    for (const h of never) {
      expect(q.isPending(h)).toBe(false);
      expect(q.cancel(h)).toBe(false);
    }
    expect(q.size).toBe(2);
    expect(q.isPending(live) && q.isPending(other)).toBe(true);
    expect(q.pop() && q.poppedPayload).toBe(1);
    expect(q.pop() && q.poppedPayload).toBe(2);
  });
});
