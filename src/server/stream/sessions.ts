import { ApiError } from '../errors';
import { raceAbort } from './abort';

interface Lane {
  /** Settles once every request queued so far on this key has finished. */
  tail: Promise<void>;
  /** Requests running or waiting on this key. */
  depth: number;
}

/**
 * Runs requests that share a session key one at a time, in arrival order; different keys run in
 * parallel. A request whose signal aborts while waiting leaves the queue without running.
 * @example await sessions.run('api:abc', signal, () => serve());
 */
export class SessionQueue {
  private readonly lanes = new Map<string, Lane>();

  /** @param maxDepth requests allowed per key (running + waiting); more are refused with 429. */
  constructor(private readonly maxDepth = Number.POSITIVE_INFINITY) {}

  /** Requests running or waiting on a key. */
  depth(key: string): number {
    return this.lanes.get(key)?.depth ?? 0;
  }

  async run<T>(key: string, signal: AbortSignal, task: () => Promise<T>): Promise<T> {
    let lane = this.lanes.get(key);
    if (lane && lane.depth >= this.maxDepth) {
      throw new ApiError('session_busy', `Session '${key}' already has ${lane.depth} requests in progress.`);
    }
    if (!lane) {
      lane = { tail: Promise.resolve(), depth: 0 };
      this.lanes.set(key, lane);
    }
    const before = lane.tail;
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The next request waits for those before this one AND this one, even if this one gave up.
    lane.tail = before.then(() => mine);
    lane.depth++;
    try {
      await raceAbort(before, signal);
      return await task();
    } finally {
      release();
      lane.depth--;
      if (lane.depth === 0 && this.lanes.get(key) === lane) this.lanes.delete(key);
    }
  }
}
