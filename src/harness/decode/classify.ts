import type { Exchange, StreamClass } from '../types';
import { decodeEvents } from './decode';

/**
 * How a client would experience a response: `success` (a finish, `[DONE]` and no error frame),
 * `failed-with-error` (an in-band `data: {"error":…}` frame or a non-2xx status) or `truncated`
 * (neither — what a bare disconnect looks like, and what both OpenAI SDKs take for success).
 * A JSON (non-stream) answer is a success when it is a completion with a finish reason.
 * @see ../../openapi.yaml (failure rules of createChatCompletion)
 * @example classifyStream(run.exchanges[0]) // 'failed-with-error'
 */
export function classifyStream(exchange: Exchange): StreamClass {
  const response = exchange.response;
  if (!response) return 'truncated';
  if (response.status < 200 || response.status >= 300) return 'failed-with-error';
  if (response.sse) {
    const events = decodeEvents(response.sse);
    if (events.some((e) => e.kind === 'error')) return 'failed-with-error';
    const finished = events.some(
      (e) => e.kind === 'chunk' && (e.json.choices ?? []).some((c) => c.finish_reason != null),
    );
    const done = events.some((e) => e.kind === 'done');
    return finished && done ? 'success' : 'truncated';
  }
  return classifyJson(response.body);
}

function classifyJson(body: string): StreamClass {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return 'truncated';
  }
  if (!json || typeof json !== 'object') return 'truncated';
  const obj = json as { error?: unknown; choices?: unknown };
  if (obj.error !== undefined && obj.error !== null) return 'failed-with-error';
  const choices = Array.isArray(obj.choices) ? (obj.choices as Array<{ finish_reason?: unknown }>) : [];
  return choices.length > 0 && choices.every((c) => c?.finish_reason != null) ? 'success' : 'truncated';
}
