import { classifyData } from '../sse';
import { ChatApiError, ChatStreamProtocolError } from './errors';

/** What `readChatStream` reads: a fetch `Response`, a web byte stream, or any async iterable of bytes. */
export type ChatStreamInput = Response | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

/** Bytes one at a time, abortable, with a way to let go of the rest. */
export interface ByteSource {
  next(): Promise<IteratorResult<Uint8Array | string>>;
  /** Lets go of the input; never waits for it (an async iterable may be stuck in a read). */
  release(): void;
}

/** The most of an error body kept on `ChatApiError`. */
const ERROR_BODY_LIMIT = 64 * 1024;

/** Resolves as `promise` does, or rejects with the signal's reason as soon as it aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function fromStream(stream: ReadableStream<Uint8Array>, signal: AbortSignal | undefined): ByteSource {
  const reader = stream.getReader();
  return {
    next: () => abortable(reader.read(), signal).then((r) => (r.done ? { done: true, value: undefined } : r)),
    release: () => {
      reader.cancel().catch(() => {});
    },
  };
}

function fromIterable(
  iterable: AsyncIterable<Uint8Array | string>,
  signal: AbortSignal | undefined,
): ByteSource {
  const iterator = iterable[Symbol.asyncIterator]();
  return {
    next: () => abortable(iterator.next(), signal),
    release: () => {
      iterator.return?.()?.catch(() => {});
    },
  };
}

const EMPTY: ByteSource = { next: async () => ({ done: true, value: undefined }), release: () => {} };

/** Reads a response body as text, at most `limit` characters, abortably. */
async function readText(response: Response, signal: AbortSignal | undefined, limit: number): Promise<string> {
  if (!response.body) return '';
  const source = fromStream(response.body, signal);
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (let r = await source.next(); !r.done && text.length < limit; r = await source.next()) {
      text += typeof r.value === 'string' ? r.value : decoder.decode(r.value, { stream: true });
    }
    return text.slice(0, limit);
  } finally {
    source.release();
  }
}

/**
 * Opens any input as a byte source. A `Response` must be 2xx (else `ChatApiError` with the error
 * envelope) with an event-stream content type when it names one (else `ChatStreamProtocolError`).
 */
export async function openSource(
  input: ChatStreamInput,
  signal: AbortSignal | undefined,
): Promise<ByteSource> {
  if ('getReader' in input) return fromStream(input, signal);
  if (!('status' in input)) return fromIterable(input, signal);
  if (input.status < 200 || input.status > 299) {
    const body = await readText(input, signal, ERROR_BODY_LIMIT);
    const data = classifyData(body);
    throw new ChatApiError(input.status, body, data.kind === 'error' ? data.json : undefined);
  }
  const type = input.headers.get('content-type');
  if (type !== null && !/^text\/event-stream\b/i.test(type.trim())) {
    input.body?.cancel().catch(() => {});
    throw new ChatStreamProtocolError(`expected a text/event-stream response, got ${type}`, {
      event: 0,
      line: '',
    });
  }
  return input.body ? fromStream(input.body, signal) : EMPTY;
}
