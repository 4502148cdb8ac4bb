import type { ChatCompletionChunk } from '../contract';
import { ChatStreamDecoder } from './decoder';
import { ChatStreamTruncatedError } from './errors';
import { type ByteSource, type ChatStreamInput, openSource } from './source';

/** Options of {@link readChatStream}. */
export interface ReadChatStreamOptions {
  /** Stops reading: the iterator throws the signal's reason and lets go of the input. */
  signal?: AbortSignal;
}

/**
 * The next bytes. A read that fails (the connection dropped mid-stream) is a truncation, unless it
 * is an abort, which stays what the caller asked for.
 */
async function next(
  source: ByteSource,
  decoder: ChatStreamDecoder,
  signal: AbortSignal | undefined,
): Promise<IteratorResult<Uint8Array | string>> {
  try {
    return await source.next();
  } catch (error) {
    if (signal?.aborted || (error instanceof Error && error.name === 'AbortError')) throw error;
    throw new ChatStreamTruncatedError('read-failed', decoder.unfinishedChoices(), decoder.place(), {
      cause: error,
    });
  }
}

/**
 * Reads a chat completion stream strictly: yields each chunk (checked against the contract) and
 * ends only on a complete stream — `data: [DONE]` after every choice that started has finished.
 * Throws `ChatStreamError` on an in-band error frame, `ChatStreamTruncatedError` when the bytes end
 * early, `ChatStreamProtocolError` on bytes that are not a chat stream, and `ChatApiError` on a
 * non-2xx response; each stream failure carries the event number and the raw line.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 * @example
 * const res = await fetch(`${base}/chat/completions`, { method: 'POST', headers, body });
 * for await (const chunk of readChatStream(res)) process.stdout.write(chunk.choices[0]?.delta.content ?? '');
 */
export async function* readChatStream(
  input: ChatStreamInput,
  options: ReadChatStreamOptions = {},
): AsyncGenerator<ChatCompletionChunk, void, undefined> {
  const { signal } = options;
  signal?.throwIfAborted();
  const source = await openSource(input, signal);
  const decoder = new ChatStreamDecoder({ validate: true });
  try {
    for (;;) {
      signal?.throwIfAborted();
      const read = await next(source, decoder, signal);
      const steps = read.done ? decoder.end() : decoder.push(read.value);
      for (const step of steps) {
        if (step.kind === 'chunk') yield step.chunk;
        else if (step.kind === 'done') return;
        else throw step.error;
      }
      // end() always reports [DONE] or a failure; reading on past the end would spin.
      if (read.done) throw new Error('chat stream decoder ended without a verdict');
    }
  } finally {
    source.release();
  }
}
