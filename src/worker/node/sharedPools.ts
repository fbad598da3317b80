import { WorkerPool } from './WorkerPool.ts';

/**
 * Worker pools kept for the next command in the same process: starting a worker loads the
 * simulator anew (a good fraction of a second), which a process that runs many commands —
 * a test suite calling the command line in-process — need not pay each time. A borrowed
 * pool is the borrower's alone until it is given back; idle pools never keep the process
 * alive (their workers are unref'd while idle).
 */
const idle = new Map<number, WorkerPool[]>();

/** A pool of `size` workers: an idle one kept from before, or a new one. */
export function borrowPool(size: number): WorkerPool {
  const list = idle.get(size);
  while (list && list.length > 0) {
    const p = list.pop()!;
    if (p.usable) return p;
  }
  return new WorkerPool({ workers: size, unrefIdle: true });
}

/** Gives a borrowed pool back for the next borrower of its size (closed instead if it still has work). */
export function givePoolBack(pool: WorkerPool): void {
  if (!pool.usable) return;
  if (!pool.idle) {
    void pool.close();
    return;
  }
  const list = idle.get(pool.size) ?? [];
  if (list.length >= 2) {
    void pool.close();
    return;
  }
  list.push(pool);
  idle.set(pool.size, list);
}

/**
 * Runs `f` with a borrowed pool of `size` workers and gives it back after; when `f` throws,
 * the pool (which may still be running its jobs) is closed instead.
 */
export async function withPool<T>(size: number, f: (pool: WorkerPool) => Promise<T>): Promise<T> {
  const pool = borrowPool(size);
  let result: T;
  try {
    result = await f(pool);
  } catch (e) {
    await pool.close();
    throw e;
  }
  givePoolBack(pool);
  return result;
}
