/**
 * Waits that end promptly when an AbortSignal fires, so no timer or promise outlives a request.
 */

/** The reason a wait rejects with when its signal fired without a reason of its own. */
function reasonOf(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('aborted');
}

/**
 * Resolves after `ms`, or rejects with the signal's reason as soon as it aborts.
 * @example await sleep(50, request.signal);
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(reasonOf(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(reasonOf(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Settles like `promise`, or rejects with the signal's reason if it aborts first. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(reasonOf(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(reasonOf(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

/** Never resolves; rejects with the signal's reason once it aborts (a hung backend). */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return raceAbort(new Promise<never>(() => {}), signal);
}

/** Shared by every ticker (the ticker rides along as the argument): no closure per wait. */
function tick(ticker: Ticker): void {
  ticker.fire();
}

/**
 * Repeated waits of the same length for one request: one timer (re-armed with `refresh()`) and one
 * abort listener for the whole request, so a slow stream holds no timer, closure or listener per
 * wait. Call `dispose()` when done.
 * @example const t = new Ticker(50, signal); try { await t.wait(); } finally { t.dispose(); }
 */
export class Ticker {
  private timer: NodeJS.Timeout | undefined;
  private resolve: (() => void) | undefined;
  private reject: ((err: unknown) => void) | undefined;
  private readonly onAbort = () => this.abort();

  constructor(
    private readonly ms: number,
    private readonly signal: AbortSignal,
  ) {
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Resolves after the ticker's `ms`, or rejects with the signal's reason as soon as it aborts. */
  wait(): Promise<void> {
    if (this.signal.aborted) return Promise.reject(reasonOf(this.signal));
    // A fired timer re-arms with refresh(); a cleared one would not, so it is never cleared before dispose.
    if (this.timer) this.timer.refresh();
    else this.timer = setTimeout(tick, this.ms, this);
    return new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** Runs when the timer fires: ends the current wait. */
  fire(): void {
    const resolve = this.resolve;
    this.resolve = undefined;
    this.reject = undefined;
    resolve?.();
  }

  /** Stops the timer and lets go of the signal. */
  dispose(): void {
    clearTimeout(this.timer);
    this.signal.removeEventListener('abort', this.onAbort);
    this.resolve = undefined;
    this.reject = undefined;
  }

  private abort(): void {
    clearTimeout(this.timer);
    const reject = this.reject;
    this.resolve = undefined;
    this.reject = undefined;
    reject?.(reasonOf(this.signal));
  }
}
