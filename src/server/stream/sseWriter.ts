import type { ServerResponse } from 'node:http';
import { type ChunkTemplate, DONE_EVENT, encodeData, encodeJson, type ToolCallFragment } from '../../sse';

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
 * The SSE side of one streamed response. It takes events — chunks (through the stream's
 * `ChunkTemplate`, which `src/sse/encode.ts` owns), data payloads, an error frame, done — and owns
 * when they reach the socket: status and headers once (when the first event is committed), events
 * coalesced into few writes, backpressure, and exactly one ending (`[DONE]` for success, an in-band
 * error event for failure). Events after the client left are dropped.
 * @example
 * const w = new SseWriter(res, new ChunkTemplate(identity, false));
 * w.content(0, 'Hi'); await w.commit(); w.finish(0, 'stop'); w.done();
 */
export class SseWriter {
  private buffer = '';
  private scheduled = false;
  private drained: Promise<void> | undefined;
  private opened = false;
  private ended = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly chunks: ChunkTemplate,
  ) {}

  /** Whether the stream has begun: headers sent, or events queued that any ending will send. */
  get started(): boolean {
    return this.opened || this.buffer.length > 0;
  }

  /** Whether the client can still receive. */
  get writable(): boolean {
    return !this.ended && !this.res.destroyed && !this.res.writableEnded;
  }

  /** Queues the role chunk that opens a choice (content null for a tool or function call or a refusal). */
  role(choice: number, noContent: boolean): void {
    if (!this.ended) this.buffer += this.chunks.role(choice, noContent);
  }

  /** Queues one content chunk. */
  content(choice: number, text: string): void {
    if (!this.ended) this.buffer += this.chunks.content(choice, text);
  }

  /** Queues one tool-call fragment chunk. */
  /** Queues a content delta carrying its token's log probability. */
  contentWithLogprob(choice: number, text: string, logprob: object): void {
    if (!this.ended) this.buffer += this.chunks.contentWithLogprob(choice, text, logprob);
  }

  /** Queues a legacy function-call delta. */
  functionCall(choice: number, name: string | undefined, args: string): void {
    if (!this.ended) this.buffer += this.chunks.functionCall(choice, name, args);
  }

  /** Queues a refusal delta. */
  refusal(choice: number, text: string): void {
    if (!this.ended) this.buffer += this.chunks.refusal(choice, text);
  }

  /** Queues a reasoning delta. */
  reasoning(choice: number, text: string): void {
    if (!this.ended) this.buffer += this.chunks.reasoning(choice, text);
  }

  toolCall(choice: number, call: ToolCallFragment): void {
    if (!this.ended) this.buffer += this.chunks.toolCall(choice, call);
  }

  /** Queues the chunk that ends a choice. */
  finish(choice: number, reason: string): void {
    if (!this.ended) this.buffer += this.chunks.finish(choice, reason);
  }

  /** Queues any other chunk object, as JSON. */
  json(value: unknown): void {
    if (!this.ended) this.buffer += encodeJson(value);
  }

  /** Queues a data payload (split into several `data:` lines when it holds line breaks). */
  data(payload: string): void {
    if (!this.ended) this.buffer += encodeData(payload);
  }

  /**
   * Hands the queued events on: at once when they fill a write, otherwise on the next turn of the
   * event loop (so events produced together leave in one write). Returns a promise only when the
   * socket is backpressured; the caller awaits it before producing more, so a slow reader slows
   * the backend instead of filling memory.
   */
  commit(): Promise<void> | undefined {
    if (!this.buffer) return this.drained;
    if (!this.writable) {
      this.buffer = '';
      return undefined;
    }
    this.open();
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

  /** Ends the stream as a success: what is queued, the usage chunk when given, then `[DONE]`. */
  done(usage?: object): void {
    this.end(usage ? this.chunks.usage(usage) + DONE_EVENT : DONE_EVENT);
  }

  /** Ends the stream as a failure: what is queued, then one in-band error event (no `[DONE]`). */
  fail(errorBody: unknown): void {
    this.end(encodeJson(errorBody));
  }

  /** Stops writing without another byte (the client left); closes the socket if still open. */
  abandon(): void {
    this.ended = true;
    this.buffer = '';
    if (!this.res.destroyed) this.res.destroy();
  }

  /** Runs the flush `commit` scheduled for the next turn of the event loop. */
  flushScheduled(): void {
    this.scheduled = false;
    if (!this.drained) this.flush();
  }

  private end(last: string): void {
    if (!this.writable) return;
    this.open();
    this.ended = true;
    const rest = this.buffer + last;
    this.buffer = '';
    this.res.end(rest);
  }

  private open(): void {
    if (this.opened) return;
    this.opened = true;
    this.res.writeHead(200, SSE_HEADERS);
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
