import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Bitset } from '../../../../src/sim/model/cluster/Bitset.ts';

/** A random sequence of operations on a set of `size` integers. */
const ops = (size: number) => fc.array(fc.oneof(
  fc.record({ op: fc.constant('add' as const), i: fc.nat(size - 1) }),
  fc.record({ op: fc.constant('delete' as const), i: fc.nat(size - 1) }),
  fc.record({ op: fc.constantFrom('addRange' as const, 'deleteRange' as const), a: fc.nat(size), b: fc.nat(size) }),
), { maxLength: 60 });

describe('Bitset', () => {
  it('agrees with a plain set on membership, ranges, next member and next absent, whatever the operations', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 3000 }), fc.infiniteStream(fc.nat()), (size, picks) => {
      const list = fc.sample(ops(size), { numRuns: 1, seed: picks.next().value })[0];
      const b = new Bitset(size), ref = new Set<number>();
      for (const o of list) {
        if (o.op === 'add') { b.add(o.i); ref.add(o.i); }
        else if (o.op === 'delete') { b.delete(o.i); ref.delete(o.i); }
        else {
          const [lo, hi] = o.a <= o.b ? [o.a, o.b] : [o.b, o.a];
          if (o.op === 'addRange') { b.addRange(lo, hi); for (let i = lo; i < hi; i++) ref.add(i); }
          else { b.deleteRange(lo, hi); for (let i = lo; i < hi; i++) ref.delete(i); }
        }
      }
      const probe = Array.from({ length: 20 }, () => picks.next().value % (size + 1));
      for (const from of probe) {
        let next = -1;
        for (let i = from; i < size; i++) if (ref.has(i)) { next = i; break; }
        expect(b.next(from)).toBe(next);
        let absent = size;
        for (let i = from; i < size; i++) if (!ref.has(i)) { absent = i; break; }
        expect(b.nextAbsent(from)).toBe(absent);
        if (from < size) expect(b.has(from)).toBe(ref.has(from));
        const to = Math.min(size, from + (picks.next().value % 200));
        let all = true;
        for (let i = from; i < to; i++) if (!ref.has(i)) all = false;
        expect(b.hasRange(from, to)).toBe(all);
      }
      expect(b.isEmpty()).toBe(ref.size === 0);
    }), { numRuns: 300 });
  });

  it('finds a member far past long empty stretches (through the summary words)', () => {
    const b = new Bitset(200_000);
    b.add(199_999);
    expect(b.next(0)).toBe(199_999);
    b.addRange(1000, 150_000);
    expect(b.next(0)).toBe(1000);
    expect(b.nextAbsent(1000)).toBe(150_000);
    expect(b.hasRange(1000, 150_000)).toBe(true);
    b.deleteRange(1001, 149_999);
    expect(b.next(1001)).toBe(149_999);
  });
});
