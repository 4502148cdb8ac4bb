import type { Directives } from '../contract';

/** How a recorded request ended. */
export type RequestState =
  /** The response is still being written. */
  | 'in-progress'
  /** The response was written to its end (including deliberate faults that end cleanly). */
  | 'completed'
  /** The fake upstream broke the connection on purpose (`mid-stream`, non-stream faults). */
  | 'destroyed'
  /** The client closed the connection before the response finished. */
  | 'client-closed';

/** One request as the fake upstream saw it. */
export interface RecordedRequest {
  /** Increasing from 1 for the life of the fake upstream (clearing does not reset it). */
  seq: number;
  /** ISO time the request arrived. */
  at: string;
  method: string;
  path: string;
  /** The `authorization` header as sent, so tests can see what a proxy forwarded. */
  authorization: string | null;
  /** The parsed JSON body, or null. */
  body: unknown;
  model: string | null;
  stream: boolean;
  directives: Directives;
  status: number | null;
  state: RequestState;
  /** True when the client went away before the response finished. */
  clientAborted: boolean;
  /** ISO time the response finished or the connection closed. */
  endedAt: string | null;
}

/**
 * A bounded ring of recorded requests: the oldest entries fall off past `capacity`.
 * @example const log = new RequestLog(1000); const r = log.add({...}); r.state = 'completed';
 */
export class RequestLog {
  private entries: RecordedRequest[] = [];
  private seq = 0;

  constructor(readonly capacity = 1000) {}

  /** Records a new request and returns its live entry (mutated as the response progresses). */
  add(entry: Omit<RecordedRequest, 'seq'>): RecordedRequest {
    const recorded: RecordedRequest = { seq: ++this.seq, ...entry };
    this.entries.push(recorded);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    return recorded;
  }

  /** Copies of the recorded requests, oldest first. */
  list(): RecordedRequest[] {
    return this.entries.map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries = [];
  }
}
