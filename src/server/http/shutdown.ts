import type { Response } from 'express';
import { ApiError } from '../errors';

/** How long in-flight requests may run after a shutdown starts, by default. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/** The error new and cut requests get while the server shuts down. */
export function shutdownError(): ApiError {
  return new ApiError('server_shutdown', 'The server is shutting down; retry on another instance.', null, {
    headers: { Connection: 'close', 'Retry-After': '1' },
  });
}

/** What the gate cuts: a running request's AbortController. */
export interface Abortable {
  abort(reason: unknown): void;
}

/**
 * The two steps of a graceful shutdown as the app sees them: `close()` refuses new requests,
 * `cut()` aborts those still running, whose streams then end with an in-band `server_shutdown`
 * error frame (or a 503 when nothing was sent yet). The HTTP server's side lives in src/start.ts.
 * @example const gate = new ShutdownGate(); createApp({ ..., shutdown: gate }); gate.close(); gate.cut();
 */
export class ShutdownGate {
  private closing = false;
  private readonly controller = new AbortController();
  // A Set, not listeners on `signal`: thousands of open streams each add and remove one, and an
  // EventTarget finds the listener to remove by walking its whole list. It holds the requests'
  // own controllers, so joining costs no closure per request.
  private readonly running = new Set<Abortable>();

  /** Aborts with a `server_shutdown` ApiError once `cut()` was called. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get closed(): boolean {
    return this.closing;
  }

  /** From now on new requests get 503 `server_shutdown` and their connection is closed. */
  close(): void {
    this.closing = true;
  }

  /** Ends every request still running (the grace period is over). */
  cut(): void {
    this.closing = true;
    if (this.controller.signal.aborted) return;
    this.controller.abort(shutdownError());
    const reason = this.controller.signal.reason;
    for (const request of [...this.running]) request.abort(reason);
    this.running.clear();
  }

  /**
   * Aborts `request` with the shutdown error when `cut()` runs (at once if it already ran), until
   * it calls `leave`.
   */
  join(request: Abortable): void {
    if (this.controller.signal.aborted) request.abort(this.controller.signal.reason);
    else this.running.add(request);
  }

  /** The request ended: `cut()` no longer concerns it. */
  leave(request: Abortable): void {
    this.running.delete(request);
  }

  /** The 503 for a request arriving once `close()` was called (its connection then closes), or undefined. */
  refusal(res: Response): ApiError | undefined {
    if (!this.closing) return undefined;
    res.setHeader('Connection', 'close');
    return shutdownError();
  }
}
