import {
  choicesOf,
  entry,
  type FindingDetail,
  NOT_SUCCESS_STREAM,
  sequenceExchanges,
  show,
  singlePassCheck,
  streamPass,
} from '../judge';

/** The finish reasons the contract allows. */
export const FINISH_REASONS: readonly string[] = [
  'stop',
  'length',
  'tool_calls',
  'content_filter',
  'function_call',
];

/** Per choice: whether it streamed tool-call (or legacy function-call) deltas, and its first finish with its quoted event. */
interface ChoiceEnd {
  toolCalls: boolean;
  functionCall: boolean;
  finish?: { reason: unknown; detail: FindingDetail };
}

/** The completion-token cap a request set, if any. */
function tokenCap(request: Record<string, unknown> | undefined): number | undefined {
  const cap = request?.max_completion_tokens ?? request?.max_tokens;
  return typeof cap === 'number' && cap > 0 ? cap : undefined;
}

/**
 * Every non-null `finish_reason` is one the contract lists (judged as the chunks pass), and it agrees
 * with what the stream showed (judged at its end): tool-call deltas finished by anything but
 * `tool_calls` (or `length`, when the cap cut the call), a `tool_calls` or `function_call` finish
 * announcing a call the choice never streamed (a client would run nothing, or fail looking for it),
 * and a reply whose reported usage reached the request's token cap finished by anything but `length`.
 * @see openapi.yaml components/schemas/FinishReason
 */
export const finishReasonValid = singlePassCheck(
  {
    id: 'finish-reason-valid',
    severity: 'must',
    rule: 'Every non-null finish_reason is stop, length, tool_calls, content_filter or function_call, a choice that streamed tool-call deltas finishes with tool_calls, a choice that finishes with tool_calls or function_call streamed that call, and a choice cut by the token cap finishes with length.',
    offline: true,
  },
  streamPass(sequenceExchanges, NOT_SUCCESS_STREAM, ({ exchange, log }) => {
    const ends = new Map<unknown, ChoiceEnd>();
    /** The completion tokens of the last chunk whose usage reported them. */
    let used: number | undefined;
    return {
      event(c) {
        if (c.kind !== 'chunk') return;
        for (const choice of choicesOf(c.json)) {
          const end = entry(ends, choice.index, (): ChoiceEnd => ({ toolCalls: false, functionCall: false }));
          const calls = choice.delta?.tool_calls;
          if (Array.isArray(calls) && calls.length > 0) end.toolCalls = true;
          const legacy = choice.delta?.function_call;
          if (legacy && typeof legacy === 'object') end.functionCall = true;
          const reason = choice.finish_reason;
          if (reason === null || reason === undefined) continue;
          if (!FINISH_REASONS.includes(reason as string)) {
            log.at(
              c,
              `choice ${show(choice.index)} finished with ${show(reason)}, not one of ${FINISH_REASONS.join(', ')}`,
            );
          }
          end.finish ??= { reason, detail: log.detail(c) };
        }
        const usage = c.json.usage as { completion_tokens?: unknown } | null | undefined;
        if (usage && typeof usage.completion_tokens === 'number') used = usage.completion_tokens;
      },
      end() {
        for (const [index, end] of ends) {
          const finish = end.finish;
          if (!finish || !FINISH_REASONS.includes(finish.reason as string)) continue;
          if (end.toolCalls && finish.reason !== 'tool_calls' && finish.reason !== 'length') {
            log.add(
              `choice ${show(index)} streamed tool-call deltas but finished with ${show(finish.reason)}, not "tool_calls"`,
              finish.detail,
            );
          }
          const announced =
            (finish.reason === 'tool_calls' && !end.toolCalls) ||
            (finish.reason === 'function_call' && !end.functionCall);
          if (announced) {
            const what = finish.reason === 'tool_calls' ? 'tool-call' : 'function_call';
            log.add(
              `choice ${show(index)} finished with ${show(finish.reason)} but streamed no ${what} deltas: the call it announces never arrived`,
              finish.detail,
            );
          }
        }
        // Usage sums every choice: the cap is only comparable with one choice.
        const cap = tokenCap(exchange.requestJson);
        const only = ends.size === 1 ? [...ends.values()][0]!.finish : undefined;
        if (cap !== undefined && used !== undefined && used >= cap && only && only.reason === 'stop') {
          log.add(
            `usage reports ${used} completion tokens, reaching the request's cap of ${cap}, yet the choice finished with "stop", not "length"`,
            only.detail,
          );
        }
      },
    };
  }),
);
