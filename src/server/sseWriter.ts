import type { ServerResponse } from 'node:http';
import { DONE_EVENT } from '../sse';

/**
 * Response headers of a stream. No compression (it would hold events back), and
 * `X-Accel-Buffering: no` so nginx-style proxies pass events through at once.
 */
export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
} as const;

/** Shared by every writer (the writer rides along as the argument): no closure per stream. */
function flushLater(writer: SseWriter): void {
  writer.flushScheduled();
}

/** Bytes buffered before a write is forced without waiting for the next turn of the event loop. */
const FLUSH_BYTES = 16 * 1024;

/**
 * Owns the SSE framing of one response: status and headers once (when the first event is
 * ready), already-framed events coalesced into few writes, backpressure, and exactly one ending —
 * `[DONE]` for success or an in-band error event for failure. Writes after the client left are dropped.
 * @example
 * const w = new SseWriter(res); await w.send(frame); w.end(DONE_EVENT);
 */
export class SseWriter {
  private buffer = '';
  private scheduled = false;
  private drained: Promise<void> | undefined;
  private opened = false;
  private ended = false;

  constructor(private readonly res: ServerResponse) {}

  /** Whether the status line and headers have been committed. */
  get started(): boolean {
    return this.opened;
  }

  /** Whether the client can still receive. */
  get writable(): boolean {
    return !this.ended && !this.res.destroyed && !this.res.writableEnded;
  }

  /**
   * Queues framed events. Returns a promise only when the socket is backpressured; the caller
   * awaits it before producing more, so a slow reader slows the backend instead of filling memory.
   */
  send(frames: string): Promise<void> | undefined {
    if (!this.writable) return undefined;
    this.open();
    this.buffer += frames;
    if (this.drained) return this.drained;
    if (this.buffer.length >= FLUSH_BYTES) {
      this.flush();
      return this.drained;
    }
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(flushLater, this);
    }
    return undefined;
  }

  /** Ends the stream as a success: what is buffered, `last` (finish/usage chunks), then `[DONE]`. */
  done(last = ''): void {
    this.end(last + DONE_EVENT);
  }

  /** Ends the stream with `frames` and nothing else (an error event for a failure). */
  end(frames: string): void {
    if (!this.writable) return;
    this.open();
    this.ended = true;
    const rest = this.buffer + frames;
    this.buffer = '';
    this.res.end(rest);
  }

  /** Stops writing without another byte (the client left); closes the socket if still open. */
  abandon(): void {
    this.ended = true;
    this.buffer = '';
    if (!this.res.destroyed) this.res.destroy();
  }

  private open(): void {
    if (this.opened) return;
    this.opened = true;
    this.res.writeHead(200, SSE_HEADERS);
  }

  /** Runs the flush `send` scheduled for the next turn of the event loop. */
  flushScheduled(): void {
    this.scheduled = false;
    if (!this.drained) this.flush();
  }

  private flush(): void {
    if (!this.buffer || !this.writable) return;
    const ok = this.res.write(this.buffer);
    this.buffer = '';
    if (!ok) this.drained = this.waitForDrain();
  }

  private waitForDrain(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        this.drained = undefined;
        resolve();
        this.flush();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
  }
}
