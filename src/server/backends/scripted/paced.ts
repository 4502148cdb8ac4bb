import type { BackendEvent, BackendYield } from '../types';

/** What a paced reply emits: `rounds` waits, each followed by that round's events, then the closing events. */
export interface PacedScript {
  /** Rounds of the reply (one token per choice each). */
  readonly rounds: number;
  /** Milliseconds before each round. */
  readonly delayMs: number;
  /** The round at which the reply fails instead of waiting (a mid-stream fault), or Infinity. */
  readonly failAt: number;
  /** The events of one round, after its wait (a fresh array). */
  round(index: number): BackendEvent[];
  /** The events after the last round (finish and usage), or the error that ends the reply instead. */
  closing(): BackendEvent[] | Error;
  /** The error of a mid-stream fault at `failAt`. */
  faultError(): Error;
}

/** Shared by every paced reply (the reply rides along as the argument): no closure per wait. */
function fireLater(reply: PacedReply): void {
  reply.fire();
}

/** What a reply resolves its reads with once nothing is left. */
const DONE: IteratorResult<BackendYield> = { done: true, value: undefined };

/**
 * A scripted reply that waits before every token, as an iterator written by hand instead of an
 * async generator: one timer (re-armed with `refresh()`), one abort listener and one promise per
 * read, so each of thousands of slow streams holds, while it waits, one pending promise and
 * nothing else of its own. The last round's events leave together with the closing ones, as the
 * generator sends them.
 * @example for await (const step of new PacedReply(script, signal)) eventsOf(step);
 */
export class PacedReply implements AsyncIterableIterator<BackendYield> {
  private done = 0;
  private finished = false;
  private failAt: number;
  /** Set when the closing step itself fails: the read after the last round rejects with it. */
  private failure: Error | undefined;
  private timer: NodeJS.Timeout | undefined;
  private resolve: ((r: IteratorResult<BackendYield>) => void) | undefined;
  private reject: ((err: unknown) => void) | undefined;
  private readonly onAbort = () => this.abort();

  constructor(
    private readonly script: PacedScript,
    private readonly signal: AbortSignal,
  ) {
    this.failAt = script.failAt;
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<BackendYield>> {
    if (this.finished) return Promise.resolve(DONE);
    if (this.signal.aborted) return this.fail(this.signal.reason);
    if (this.done >= this.failAt) return this.fail(this.failure ?? this.script.faultError());
    if (this.done >= this.script.rounds) return this.close();
    // A fired timer re-arms with refresh(); a cleared one would not, so it is cleared only at the end.
    if (this.timer) this.timer.refresh();
    else this.timer = setTimeout(fireLater, this.script.delayMs, this);
    return new Promise<IteratorResult<BackendYield>>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** Stops early (the consumer is done): no more waits, the signal let go. */
  return(): Promise<IteratorResult<BackendYield>> {
    this.end();
    return Promise.resolve(DONE);
  }

  /** Runs when the timer fires: the round's events (with the closing ones after the last round). */
  fire(): void {
    const resolve = this.resolve;
    const reject = this.reject;
    this.resolve = undefined;
    this.reject = undefined;
    if (!resolve || !reject) return;
    try {
      const events = this.script.round(this.done++);
      if (this.done >= this.script.rounds && this.done < this.failAt) {
        const closing = this.script.closing();
        if (closing instanceof Error) {
          // The last round still reaches the client; the next read fails.
          this.failAt = this.done;
          this.failure = closing;
        } else {
          for (const ev of closing) events.push(ev);
          this.end();
        }
      }
      resolve({ done: false, value: events.length === 1 ? events[0]! : events });
    } catch (err) {
      this.end();
      reject(err);
    }
  }

  private close(): Promise<IteratorResult<BackendYield>> {
    const closing = this.script.closing();
    if (closing instanceof Error) return this.fail(closing);
    this.end();
    return Promise.resolve({ done: false, value: closing });
  }

  private fail(err: unknown): Promise<IteratorResult<BackendYield>> {
    this.end();
    return Promise.reject(err);
  }

  private end(): void {
    this.finished = true;
    clearTimeout(this.timer);
    this.signal.removeEventListener('abort', this.onAbort);
  }

  private abort(): void {
    const reject = this.reject;
    this.resolve = undefined;
    this.reject = undefined;
    this.end();
    reject?.(this.signal.reason ?? new Error('aborted'));
  }
}
