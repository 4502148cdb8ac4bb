import type { BackendEvent, BackendRequest, ChatBackend } from '../../../src/server/backends/types';
import { untilAborted } from '../../../src/server/stream/abort';
import { MODEL } from './exchange';

/**
 * A backend driven by a test: `script` yields the events of one request. It records every request
 * it was given, so tests can look at session keys and signals.
 */
export function testBackend(
  script: (request: BackendRequest) => AsyncIterable<BackendEvent>,
): ChatBackend & { requests: BackendRequest[] } {
  const requests: BackendRequest[] = [];
  return {
    name: 'test',
    requests,
    models: () => [MODEL],
    complete(request) {
      requests.push(request);
      return script(request);
    },
  };
}

/** A successful one-choice reply of the given tokens. */
export async function* replyOf(tokens: readonly string[]): AsyncGenerator<BackendEvent> {
  for (const text of tokens) yield { type: 'content', choice: 0, text };
  yield { type: 'finish', choice: 0, reason: 'stop' };
  yield {
    type: 'usage',
    usage: { prompt_tokens: 1, completion_tokens: tokens.length, total_tokens: 1 + tokens.length },
  };
}

/** Yields some tokens, then throws `error`. */
export async function* failAfter(tokens: readonly string[], error: unknown): AsyncGenerator<BackendEvent> {
  for (const text of tokens) yield { type: 'content', choice: 0, text };
  throw error;
}

/** Yields some tokens, then waits until aborted. */
export async function* hangAfter(
  tokens: readonly string[],
  signal: AbortSignal,
): AsyncGenerator<BackendEvent> {
  for (const text of tokens) yield { type: 'content', choice: 0, text };
  await untilAborted(signal);
}
