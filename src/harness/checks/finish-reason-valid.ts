import {
  type ChunkEvent,
  choicesOf,
  chunkEvents,
  eachExchange,
  entry,
  type Located,
  logAll,
  NOT_SUCCESS_STREAM,
  sequenceExchanges,
  show,
} from '../judge';
import type { Check } from '../types';

/** The finish reasons the contract allows. */
export const FINISH_REASONS: readonly string[] = [
  'stop',
  'length',
  'tool_calls',
  'content_filter',
  'function_call',
];

interface ChoiceEnd {
  toolCalls: boolean;
  finish?: { reason: unknown; chunk: ChunkEvent };
}

/** Every non-null finish reason that is not in the contract's list. */
export function unknownReasons(chunks: readonly ChunkEvent[]): Located[] {
  const out: Located[] = [];
  for (const c of chunks) {
    for (const choice of choicesOf(c.json)) {
      const reason = choice.finish_reason;
      if (reason === null || reason === undefined || FINISH_REASONS.includes(reason as string)) continue;
      out.push({
        message: `choice ${show(choice.index)} finished with ${show(reason)}, not one of ${FINISH_REASONS.join(', ')}`,
        at: c,
      });
    }
  }
  return out;
}

/** Per choice: whether it streamed tool-call deltas, and its first finish. */
function choiceEnds(chunks: readonly ChunkEvent[]): Map<unknown, ChoiceEnd> {
  const ends = new Map<unknown, ChoiceEnd>();
  for (const c of chunks) {
    for (const choice of choicesOf(c.json)) {
      const end = entry(ends, choice.index, (): ChoiceEnd => ({ toolCalls: false }));
      const calls = choice.delta?.tool_calls;
      if (Array.isArray(calls) && calls.length > 0) end.toolCalls = true;
      if (choice.finish_reason !== null && choice.finish_reason !== undefined)
        end.finish ??= { reason: choice.finish_reason, chunk: c };
    }
  }
  return ends;
}

/** The completion-token cap a request set, if any. */
function tokenCap(request: Record<string, unknown> | undefined): number | undefined {
  const cap = request?.max_completion_tokens ?? request?.max_tokens;
  return typeof cap === 'number' && cap > 0 ? cap : undefined;
}

/** The usage totals the stream reported, if any. */
function completionTokens(chunks: readonly ChunkEvent[]): number | undefined {
  for (let i = chunks.length - 1; i >= 0; i--) {
    const usage = chunks[i]!.json.usage as { completion_tokens?: unknown } | null | undefined;
    if (usage && typeof usage.completion_tokens === 'number') return usage.completion_tokens;
  }
  return undefined;
}

/**
 * Finish reasons that contradict what the stream showed: tool-call deltas finished by anything but
 * `tool_calls` (or `length`, when the cap cut the call), and a reply whose reported usage reached the
 * request's token cap finished by anything but `length`.
 */
export function inconsistentReasons(
  chunks: readonly ChunkEvent[],
  request: Record<string, unknown> | undefined,
): Located[] {
  const out: Located[] = [];
  const ends = choiceEnds(chunks);
  for (const [index, end] of ends) {
    const finish = end.finish;
    if (!finish || !FINISH_REASONS.includes(finish.reason as string)) continue;
    if (end.toolCalls && finish.reason !== 'tool_calls' && finish.reason !== 'length') {
      out.push({
        message: `choice ${show(index)} streamed tool-call deltas but finished with ${show(finish.reason)}, not "tool_calls"`,
        at: finish.chunk,
      });
    }
  }
  // Usage sums every choice: the cap is only comparable with one choice.
  const cap = tokenCap(request);
  const used = completionTokens(chunks);
  const only = ends.size === 1 ? [...ends.values()][0]!.finish : undefined;
  if (cap !== undefined && used !== undefined && used >= cap && only && only.reason === 'stop') {
    out.push({
      message: `usage reports ${used} completion tokens, reaching the request's cap of ${cap}, yet the choice finished with "stop", not "length"`,
      at: only.chunk,
    });
  }
  return out;
}

/**
 * Every non-null `finish_reason` is one the contract lists, and it agrees with what the stream
 * showed (tool calls → `tool_calls`, cut by the token cap → `length`).
 * @see openapi.yaml components/schemas/FinishReason
 */
export const finishReasonValid: Check = {
  id: 'finish-reason-valid',
  severity: 'must',
  rule: 'Every non-null finish_reason is stop, length, tool_calls, content_filter or function_call, a choice that streamed tool-call deltas finishes with tool_calls, and a choice cut by the token cap finishes with length.',
  offline: true,
  run(run) {
    return eachExchange(sequenceExchanges(run), NOT_SUCCESS_STREAM, (exchange, log) => {
      const chunks = chunkEvents(exchange.response.sse);
      logAll(log, unknownReasons(chunks));
      logAll(log, inconsistentReasons(chunks, exchange.requestJson));
    });
  },
};
