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

/** Shared by every clock (the reader rides along as the argument): no closure per reader. */
function checkLater(clock: ReadDeadline): void {
  clock.check();
}

/**
 * The deadline of a backend's reads: time spent waiting for the backend counts, time spent waiting
 * for a slow client does not. One timer per reader, re-armed lazily: a read only stamps its start;
 * the timer, when it fires, checks how long the current read has been waiting and sleeps again for
 * the rest. What an expired read does is the reader's own (`expired`).
 */
export abstract class ReadDeadline {
  private timer: NodeJS.Timeout | undefined;
  private readAt = 0;
  /** Reads started so far. */
  protected reads = 0;
  /** Set once the reader is done and stopped its clock: no timer fires for it after that. */
  protected stopped = false;

  constructor(private readonly limits: Timeouts) {}

  /** A read of the backend starts now. */
  protected startRead(): void {
    this.reads++;
    this.readAt = performance.now();
    // The idle limit may be shorter than the first-token one the timer was set for: re-arm once.
    if (this.reads === 2 && this.limits.idleMs < this.limits.firstTokenMs) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.timer) this.timer = setTimeout(checkLater, this.limit(), this);
  }

  /** No more deadlines: the reader is done. */
  protected stopClock(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The limit of the current read: the first-token limit until the first event arrived. */
  private limit(): number {
    return this.reads <= 1 ? this.limits.firstTokenMs : this.limits.idleMs;
  }

  /** Runs when the timer fires: sleeps again for what is left, or tells the reader its read expired. */
  check(): void {
    this.timer = undefined;
    if (this.stopped) return;
    const left = this.limit() - (performance.now() - this.readAt);
    if (left > 1) {
      this.timer = setTimeout(checkLater, left, this);
      return;
    }
    this.expired();
  }

  /**
   * The current read reached its limit. If it is still waiting, the backend took too long; if it
   * settled, the client, not the backend, was slow, and the next read re-arms the clock.
   */
  protected abstract expired(): void;

  /** The `timeout` error of the current read. */
  protected timeoutError(): ApiError {
    const what = this.reads <= 1 ? 'the first token' : 'the next token';
    return new ApiError('timeout', `The backend did not produce ${what} within ${this.limit()} ms.`);
  }
}

/**
 * A backend's events, read with a deadline ({@link ReadDeadline}). On expiry the backend is aborted
 * and the pending read rejects with a `timeout` ApiError, even if the backend ignores its signal.
 * @example
 * const events = new TimedEvents(backend.complete(request), DEFAULT_TIMEOUTS, controller);
 * for (let r = await events.next(); !r.done; r = await events.next()) use(r.value);
 */
export class TimedEvents<T> extends ReadDeadline {
  private readonly source: AsyncIterator<T>;
  private pending: Promise<IteratorResult<T>> | undefined;
  private fail: ((err: unknown) => void) | undefined;

  constructor(
    source: AsyncIterable<T>,
    limits: Timeouts,
    private readonly controller: AbortController,
  ) {
    super(limits);
    this.source = source[Symbol.asyncIterator]();
  }

  /** The next event, or a rejection when the backend failed or took too long. */
  next(): Promise<IteratorResult<T>> {
    const pending = this.source.next();
    this.pending = pending;
    this.startRead();
    // A wrapper per read, so an expiry can reject it even when the backend ignores its signal.
    // Rejecting after it resolved is a no-op, so nothing needs clearing when the read settles.
    return new Promise<IteratorResult<T>>((resolve, reject) => {
      this.fail = reject;
      pending.then(resolve, reject);
    });
  }

  /** Stops the clock and lets the backend release what it holds; never waits for it. */
  close(): void {
    this.stopClock();
    this.pending = undefined;
    Promise.resolve(this.source.return?.()).catch(() => {});
  }

  protected expired(): void {
    const read = this.pending;
    const reads = this.reads;
    if (!read) return;
    // Settled reads win the race: then the client, not the backend, was slow.
    Promise.race([read, STILL_PENDING]).then(
      (v) => {
        if (v === PENDING && read === this.pending && reads === this.reads && !this.stopped) this.expire();
      },
      () => {},
    );
  }

  private expire(): void {
    const err = this.timeoutError();
    this.pending = undefined;
    this.controller.abort(err);
    this.fail?.(err);
  }
}
