import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ChatApiError,
  ChatStreamError,
  type ChatStreamInput,
  ChatStreamProtocolError,
  ChatStreamTruncatedError,
  readChatStream,
} from '../../src/client';
import type { ChatCompletionChunk } from '../../src/contract';

/** A recorded stream's bytes, by `folder/name` under test/fixtures. */
export function fixture(name: string): Uint8Array {
  return readFileSync(path.join(__dirname, '..', 'fixtures', name));
}

/** What a reader made of a stream: `complete`, or the name of the error class it threw. */
export type Outcome =
  | 'complete'
  | 'ChatStreamError'
  | 'ChatStreamTruncatedError'
  | 'ChatStreamProtocolError'
  | 'ChatApiError'
  | 'other';

/** The one class an error belongs to, checked with instanceof against every class. */
export function outcomeOf(error: unknown): Outcome {
  const classes = [
    ['ChatStreamError', ChatStreamError],
    ['ChatStreamTruncatedError', ChatStreamTruncatedError],
    ['ChatStreamProtocolError', ChatStreamProtocolError],
    ['ChatApiError', ChatApiError],
  ] as const;
  const matching = classes.filter(([, cls]) => error instanceof cls).map(([name]) => name);
  if (matching.length > 1) throw new Error(`error is an instance of ${matching.join(' and ')}`);
  return matching[0] ?? 'other';
}

/** Reads a whole stream; never throws. */
export async function readAll(
  input: ChatStreamInput,
  signal?: AbortSignal,
): Promise<{ outcome: Outcome; chunks: ChatCompletionChunk[]; error?: unknown }> {
  const chunks: ChatCompletionChunk[] = [];
  try {
    for await (const chunk of readChatStream(input, { signal })) chunks.push(chunk);
    return { outcome: 'complete', chunks };
  } catch (error) {
    return { outcome: outcomeOf(error), chunks, error };
  }
}

/** Bytes as an async iterable, cut into pieces of `size` bytes (awkward places: mid UTF-8, CR|LF). */
export async function* pieces(bytes: Uint8Array, size = bytes.length): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
