import { ApiError } from '../errors';

/** How long a backend may take, in ms: until its first event, and between two events. */
export interface Timeouts {
  firstTokenMs: number;
  idleMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { firstTokenMs: 30_000, idleMs: 30_000 };

/** Resolves to itself when raced after an already-settled promise: the read is still pending. */
const PENDING = Symbol('pending');
const STILL_PENDING = Promise.resolve(PENDING);

/** Shared by every stream (the stream rides along as the argument): no closure per stream. */
function checkLater(events: TimedEvents<unknown>): void {
  events.check();
}

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
  // One timer per stream, re-armed lazily: a read only stamps its start; the timer, when it fires,
  // checks how long the current read has been waiting and sleeps again for the rest.
  private timer: NodeJS.Timeout | undefined;
  private reads = 0;
  private readAt = 0;
  private pending: Promise<IteratorResult<T>> | undefined;
  private fail: ((err: unknown) => void) | undefined;
  private closed = false;

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
    this.pending = pending;
    this.reads++;
    this.readAt = performance.now();
    // The idle limit may be shorter than the first-token one the timer was set for: re-arm once.
    if (this.reads === 2 && this.limits.idleMs < this.limits.firstTokenMs) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.timer) this.timer = setTimeout(checkLater, this.limit(), this);
    // A wrapper per read, so an expiry can reject it even when the backend ignores its signal.
    // Rejecting after it resolved is a no-op, so nothing needs clearing when the read settles.
    return new Promise<IteratorResult<T>>((resolve, reject) => {
      this.fail = reject;
      pending.then(resolve, reject);
    });
  }

  /** Stops the clock and lets the backend release what it holds; never waits for it. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
    Promise.resolve(this.source.return?.()).catch(() => {});
  }

  /** The limit of the current read: the first-token limit until the first event arrived. */
  private limit(): number {
    return this.reads <= 1 ? this.limits.firstTokenMs : this.limits.idleMs;
  }

  /** Runs when the stream's timer fires: expires the read, sleeps again, or lets the next read re-arm. */
  check(): void {
    this.timer = undefined;
    if (this.closed) return;
    const left = this.limit() - (performance.now() - this.readAt);
    if (left > 1) {
      this.timer = setTimeout(checkLater, left, this);
      return;
    }
    const read = this.pending;
    const reads = this.reads;
    if (!read) return;
    // Settled reads win the race: then the client, not the backend, was slow, and the next read re-arms.
    Promise.race([read, STILL_PENDING]).then(
      (v) => {
        if (v === PENDING && read === this.pending && reads === this.reads && !this.closed) this.expire();
      },
      () => {},
    );
  }

  private expire(): void {
    const beforeFirst = this.reads <= 1;
    const limit = this.limit();
    const what = beforeFirst ? 'the first token' : 'the next token';
    const err = new ApiError('timeout', `The backend did not produce ${what} within ${limit} ms.`);
    this.pending = undefined;
    this.controller.abort(err);
    this.fail?.(err);
  }
}
