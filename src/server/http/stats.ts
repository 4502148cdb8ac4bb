import type { BackendRequest, BackendYield, ChatBackend } from '../backends/types';

/** How a request ended: `success`, `failed` (error status or in-band error frame) or `aborted` (client left). */
export type Outcome = 'success' | 'failed' | 'aborted';

/** The body of `GET /_chat-contract/stats`. */
export interface StatsSnapshot {
  active_streams: number;
  active_requests: number;
  pending_backend_calls: number;
  completed: number;
  failed: number;
  aborted: number;
}

/**
 * The server's gauges and counters. Gauges must return to 0 when the server is quiet: a
 * `pending_backend_calls` that stays up after clients left means a backend ignored its abort.
 * @example const stats = new ServerStats(); createApp({ backend, logger, stats }); stats.snapshot();
 */
export class ServerStats {
  private activeStreams = 0;
  private activeRequests = 0;
  private pendingBackendCalls = 0;
  private readonly ended: Record<Outcome, number> = { success: 0, failed: 0, aborted: 0 };
  private idleWaiters: Array<() => void> = [];

  /** Counts a request from arrival until its response closed. */
  requestStarted(): void {
    this.activeRequests++;
  }

  requestEnded(outcome: Outcome): void {
    this.activeRequests--;
    this.ended[outcome]++;
    if (this.activeRequests === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  /** Counts a streamed completion while its handler runs; call `streamEnded` exactly once when it ends. */
  streamStarted(): void {
    this.activeStreams++;
  }

  streamEnded(): void {
    this.activeStreams--;
  }

  /** Resolves once no request is in flight. */
  whenIdle(): Promise<void> {
    if (this.activeRequests === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  snapshot(): StatsSnapshot {
    return {
      active_streams: this.activeStreams,
      active_requests: this.activeRequests,
      pending_backend_calls: this.pendingBackendCalls,
      completed: this.ended.success,
      failed: this.ended.failed,
      aborted: this.ended.aborted,
    };
  }

  /**
   * Wraps a backend so each reply counts as pending from its first read until the backend itself
   * finished: its iterator returned, threw, or its `return()` settled. An async generator stuck in
   * an await settles `return()` only when it wakes up, so a backend that ignores its abort stays counted.
   */
  track(backend: ChatBackend): ChatBackend {
    const complete = (request: BackendRequest): AsyncIterable<BackendYield> => ({
      [Symbol.asyncIterator]: () => this.trackIterator(backend.complete(request)[Symbol.asyncIterator]()),
    });
    return {
      name: backend.name,
      models: () => backend.models(),
      complete,
      ...(backend.close ? { close: () => backend.close!() } : {}),
    };
  }

  /**
   * Moves the pending-backend-calls gauge, for a consumer that counts a reply itself by the rule
   * `track` applies (from its first read until it returned, threw, or its `return()` settled).
   */
  backendPending(delta: 1 | -1): void {
    this.pendingBackendCalls += delta;
  }

  private trackIterator(it: AsyncIterator<BackendYield>): AsyncIterator<BackendYield> {
    return new TrackedReply(it, this.pending);
  }

  /** Moves the pending-backend-calls gauge; handed to each tracked reply instead of a closure per reply. */
  private readonly pending = (delta: number): void => {
    this.pendingBackendCalls += delta;
  };
}

/**
 * One backend reply, counted as pending from its first read until the backend finished. Its
 * handlers are made once per reply, not per read: a slow stream keeps no closures alive between reads.
 */
class TrackedReply implements AsyncIterator<BackendYield> {
  private state: 'idle' | 'pending' | 'released' = 'idle';

  constructor(
    private readonly it: AsyncIterator<BackendYield>,
    private readonly count: (delta: number) => void,
  ) {}

  private release(): void {
    if (this.state === 'pending') this.count(-1);
    this.state = 'released';
  }

  private readonly settled = (r: IteratorResult<BackendYield>): IteratorResult<BackendYield> => {
    if (r.done) this.release();
    return r;
  };

  private readonly failed = (err: unknown): never => {
    this.release();
    throw err;
  };

  next(): Promise<IteratorResult<BackendYield>> {
    if (this.state === 'idle') {
      this.state = 'pending';
      this.count(1);
    }
    try {
      return this.it.next().then(this.settled, this.failed);
    } catch (err) {
      this.release();
      return Promise.reject(err);
    }
  }

  async return(value?: unknown): Promise<IteratorResult<BackendYield>> {
    try {
      return (await this.it.return?.(value)) ?? { done: true, value: undefined };
    } finally {
      this.release();
    }
  }
}
