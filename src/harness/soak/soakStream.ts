import { DONE_DATA, type SseEvent, SseReader } from '../../sse';
import type { StreamPlan } from './soakPlan';

/** What one soak client saw. */
export interface StreamResult {
  status: number | undefined;
  contentType: string;
  /** Chunks whose delta carries non-empty content. */
  contentChunks: number;
  /** Chunks with a non-null `finish_reason`. */
  finishChunks: number;
  doneEvents: number;
  errorFrames: number;
  /** Events that were neither `[DONE]` nor JSON. */
  malformed: number;
  /** The kind of the last event: `done`, `error`, `chunk`, `other` or `none`. */
  lastEvent: 'done' | 'error' | 'chunk' | 'other' | 'none';
  /** For a non-2xx answer: whether the body is the OpenAI error envelope. */
  errorEnvelope: boolean;
  /** The client left on purpose. */
  aborted: boolean;
  timedOut: boolean;
  networkError?: string;
}

function tally(result: StreamResult, event: SseEvent): void {
  if (event.data === DONE_DATA) {
    result.doneEvents++;
    result.lastEvent = 'done';
    return;
  }
  let value: { error?: unknown; choices?: Array<{ delta?: { content?: unknown }; finish_reason?: unknown }> };
  try {
    value = JSON.parse(event.data);
  } catch {
    result.malformed++;
    result.lastEvent = 'other';
    return;
  }
  if (value && typeof value === 'object' && 'error' in value) {
    result.errorFrames++;
    result.lastEvent = 'error';
    return;
  }
  result.lastEvent = 'chunk';
  for (const choice of value?.choices ?? []) {
    if (typeof choice.delta?.content === 'string' && choice.delta.content !== '') result.contentChunks++;
    if (choice.finish_reason != null) result.finishChunks++;
  }
}

/**
 * Runs one planned stream: posts it, decodes the SSE events as they arrive and tallies them, and
 * leaves after `abortAfterChunks` content chunks when the plan says so. Never throws.
 */
export async function runStream(
  plan: StreamPlan,
  options: { baseUrl: string; fetch?: typeof fetch; timeoutMs?: number },
): Promise<StreamResult> {
  const result: StreamResult = {
    status: undefined,
    contentType: '',
    contentChunks: 0,
    finishChunks: 0,
    doneEvents: 0,
    errorFrames: 0,
    malformed: 0,
    lastEvent: 'none',
    errorEnvelope: false,
    aborted: false,
    timedOut: false,
  };
  const controller = new AbortController();
  const timer = setTimeout(() => {
    result.timedOut = true;
    controller.abort();
  }, options.timeoutMs ?? 30_000);
  const reader = new SseReader({ keepLines: false, onEvent: (e) => tally(result, e) });
  try {
    const res = await (options.fetch ?? fetch)(`${options.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(plan.body),
      signal: controller.signal,
    });
    result.status = res.status;
    result.contentType = res.headers.get('content-type') ?? '';
    if (!res.ok) {
      const body = (await res.json().catch(() => undefined)) as
        | { error?: Record<string, unknown> }
        | undefined;
      result.errorEnvelope = typeof body?.error?.message === 'string' && 'code' in body.error;
      return result;
    }
    for await (const bytes of res.body ?? []) {
      reader.push(bytes);
      if (plan.abortAfterChunks !== undefined && result.contentChunks >= plan.abortAfterChunks) {
        result.aborted = true;
        controller.abort();
        break;
      }
    }
    if (!result.aborted) reader.end();
  } catch (err) {
    if (!result.timedOut && !result.aborted) {
      const cause = (err as { cause?: { code?: string } })?.cause;
      result.networkError = cause?.code ?? (err instanceof Error ? err.message : String(err));
    }
  } finally {
    clearTimeout(timer);
  }
  return result;
}
