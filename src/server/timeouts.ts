import { ApiError } from './errors';

/** How long a backend may take, in ms: until its first event, and between two events. */
export interface Timeouts {
  firstTokenMs: number;
  idleMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { firstTokenMs: 30_000, idleMs: 30_000 };

/**
 * A backend's events, read with a deadline: time spent waiting for the backend counts, time spent
 * waiting for a slow client does not. On expiry the backend is aborted and the pending read
 * rejects with a `timeout` ApiError, even if the backend ignores its signal.
 * @example
 * const events = new TimedEvents(backend.complete(request), DEFAULT_TIMEOUTS, controller);
 * for (let r = await events.next(); !r.done; r = await events.next()) use(r.value);
 */
export class TimedEvents<T> {
  private readonly source: AsyncIterator<T>;
  private timer: NodeJS.Timeout | undefined;
  private first = true;
  private waiting: ((err: unknown) => void) | undefined;

  constructor(
    source: AsyncIterable<T>,
    private readonly limits: Timeouts,
    private readonly controller: AbortController,
  ) {
    this.source = source[Symbol.asyncIterator]();
  }

  /** The next event, or a rejection when the backend failed or took too long. */
  next(): Promise<IteratorResult<T>> {
    const pending = this.source.next();
    this.arm();
    return new Promise<IteratorResult<T>>((resolve, reject) => {
      this.waiting = reject;
      pending.then(
        (result) => {
          this.waiting = undefined;
          resolve(result);
        },
        (err: unknown) => {
          this.waiting = undefined;
          reject(err);
        },
      );
    });
  }

  /** Stops the clock and lets the backend release what it holds; never waits for it. */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    Promise.resolve(this.source.return?.()).catch(() => {});
  }

  // One timer per phase, refreshed per read: cheaper than a new timer per token.
  private arm(): void {
    if (this.timer && !this.first) {
      this.timer.refresh();
      return;
    }
    if (this.timer) {
      // Second read: the first event arrived; switch from the first-token to the idle limit.
      clearTimeout(this.timer);
      this.first = false;
      this.timer = setTimeout(() => this.expire(false), this.limits.idleMs);
      return;
    }
    this.timer = setTimeout(() => this.expire(true), this.limits.firstTokenMs);
  }

  private expire(beforeFirst: boolean): void {
    const reject = this.waiting;
    if (!reject) return; // the clock ran out while the client, not the backend, was slow
    const limit = beforeFirst ? this.limits.firstTokenMs : this.limits.idleMs;
    const what = beforeFirst ? 'the first token' : 'the next token';
    const err = new ApiError('timeout', `The backend did not produce ${what} within ${limit} ms.`);
    this.waiting = undefined;
    this.controller.abort(err);
    reject(err);
  }
}
