// A bound on in-flight requests per client: at most `limit` tasks run, the rest wait, and a
// finishing task hands its slot straight to the next waiter: the one of lowest priority number,
// in arrival order among equals (all tasks have priority 0 unless given one: plain FIFO). A task
// may also belong to a lane, a smaller bound of its own inside this one: a waiter whose lane is
// full is passed over until one of its lane finishes.

/** A bound on a kind of task inside a RequestQueue (e.g. guest configs inside a client's bound). */
export class Lane {
  active = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  }

  get full(): boolean {
    return this.active >= this.limit;
  }
}

interface Waiter {
  priority: number;
  /** Arrival order, to keep FIFO among equal priorities across lanes. */
  seq: number;
  start: () => void;
}

export class RequestQueue {
  #active = 0;
  #seq = 0;
  #count = 0;
  /**
   * Waiters per lane (undefined: no lane), each list sorted by (priority, arrival). Kept apart so
   * that a full lane's waiters (thousands of guest configs) are passed over as one list, not
   * one by one each time a slot frees.
   */
  readonly #waiting = new Map<Lane | undefined, Waiter[]>();

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  }

  /** Tasks running now. */
  get active(): number {
    return this.#active;
  }

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.#count;
  }

  /** Runs `task` when a slot (and one of its lane) is free: lower `priority` first, FIFO among equals. */
  async run<T>(task: () => Promise<T>, priority = 0, lane?: Lane): Promise<T> {
    if (this.#active < this.limit && !lane?.full) {
      this.#active++;
      if (lane) lane.active++;
    } else
      await new Promise<void>((start) => {
        let list = this.#waiting.get(lane);
        if (!list) this.#waiting.set(lane, (list = []));
        // After the last waiter of the same or a lower number (binary search: the list is sorted).
        let lo = 0;
        let hi = list.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (list[mid].priority <= priority) lo = mid + 1;
          else hi = mid;
        }
        list.splice(lo, 0, { priority, seq: this.#seq++, start });
        this.#count++;
      });
    try {
      return await task();
    } finally {
      if (lane) lane.active--;
      this.#active--;
      this.#startWaiters();
    }
  }

  /** Starts the first waiters that may run, lowest (priority, arrival) first, while slots are free. */
  #startWaiters(): void {
    while (this.#active < this.limit && this.#count > 0) {
      let best: Waiter[] | undefined;
      let bestLane: Lane | undefined;
      for (const [lane, list] of this.#waiting) {
        if (list.length === 0 || lane?.full) continue;
        const head = list[0];
        if (
          !best ||
          head.priority < best[0].priority ||
          (head.priority === best[0].priority && head.seq < best[0].seq)
        ) {
          best = list;
          bestLane = lane;
        }
      }
      if (!best) return;
      const waiter = best.shift()!;
      this.#count--;
      this.#active++;
      if (bestLane) bestLane.active++;
      waiter.start();
    }
  }
}

/**
 * Delay before retry number `attempt` (0-based): exponential from `baseMs`, with "equal jitter"
 * (half fixed, half random) so that parallel retries after one outage do not arrive together.
 */
export function backoffDelay(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = baseMs * 2 ** attempt;
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
