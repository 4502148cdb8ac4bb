import { ChatStreamDecoder, type DecodeStep } from './decoder';
import { ChatStreamTruncatedError } from './errors';

/** Whether a content type names an event stream. */
function isEventStream(type: string | null): boolean {
  return type !== null && /^text\/event-stream\b/i.test(type.trim());
}

/**
 * Watches an event-stream body as it passes and errors it at its end when the stream was
 * truncated. Every byte passes unchanged and at once; a stream that carried an error frame is left
 * to the client, which raises on that frame itself.
 */
function guard(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const decoder = new ChatStreamDecoder({ validate: false });
  let truncated: ChatStreamTruncatedError | undefined;
  const note = (steps: DecodeStep[]) => {
    for (const step of steps) {
      if (step.kind === 'failed' && step.error instanceof ChatStreamTruncatedError) truncated ??= step.error;
    }
  };
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        note(decoder.push(chunk));
        controller.enqueue(chunk);
      },
      flush(controller) {
        note(decoder.end());
        if (truncated && !decoder.sawErrorFrame) controller.error(truncated);
      },
    }),
  );
}

/**
 * Wraps `fetch` so that a truncated chat stream fails in whatever client reads it: for a 2xx
 * `text/event-stream` response, the body passes through byte for byte, and errors with a
 * `ChatStreamTruncatedError` when it ends without `data: [DONE]`, in the middle of an event, or with
 * a choice that never finished. Other responses are returned untouched.
 * @example
 * const openai = new OpenAI({ fetch: strictFetch() });
 * const provider = createOpenAICompatible({ name: 'x', baseURL, fetch: strictFetch() });
 */
export function strictFetch(fetchImpl?: typeof fetch): typeof fetch {
  return async (input, init) => {
    // Looked up per call, so a fetch installed later (a test's interceptor) is the one used.
    const response = await (fetchImpl ?? globalThis.fetch)(input, init);
    if (!response.ok || !response.body || !isEventStream(response.headers.get('content-type')))
      return response;
    const guarded = new Response(guard(response.body), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    // A constructed Response has no URL; clients quote it in their errors.
    Object.defineProperty(guarded, 'url', { value: response.url });
    Object.defineProperty(guarded, 'redirected', { value: response.redirected });
    return guarded;
  };
}
