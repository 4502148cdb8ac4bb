import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionChunkDelta,
  FinishReason,
  Usage,
} from '../contract';
import type { ReplyPlan } from './reply';

/** What every chunk of one stream shares: OpenAI keeps `id`, `created` and `model` fixed. */
export interface StreamIdentity {
  id: string;
  created: number;
  model: string;
  /** With `stream_options.include_usage`, OpenAI sends `usage: null` on every other chunk. */
  includeUsage: boolean;
  /** Choices per request (`n`, default 1): each choice gets its own chunks, as OpenAI sends them. */
  n?: number;
}

function chunk(
  who: StreamIdentity,
  delta: ChatCompletionChunkDelta,
  finishReason: FinishReason | null,
): ChatCompletionChunk {
  const out: ChatCompletionChunk = {
    id: who.id,
    object: 'chat.completion.chunk',
    created: who.created,
    model: who.model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
  if (who.includeUsage) out.usage = null;
  return out;
}

/**
 * The chunks of a successful stream, in order, OpenAI-exact: role chunk, content (or tool-call)
 * chunks, finish chunk with an empty delta, then the usage chunk (`choices: []`) when asked for.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */
export function streamChunks(who: StreamIdentity, plan: ReplyPlan): ChatCompletionChunk[] {
  const out: ChatCompletionChunk[] = [];
  const call = plan.toolCall;
  out.push(
    chunk(who, call ? { role: 'assistant', content: null } : { role: 'assistant', content: '' }, null),
  );
  if (call) {
    out.push(
      chunk(
        who,
        {
          tool_calls: [
            { index: 0, id: call.id, type: 'function', function: { name: call.name, arguments: '' } },
          ],
        },
        null,
      ),
    );
    for (const piece of call.argumentPieces) {
      out.push(chunk(who, { tool_calls: [{ index: 0, function: { arguments: piece } }] }, null));
    }
  }
  for (const token of plan.tokens) out.push(chunk(who, { content: token }, null));
  out.push(chunk(who, {}, plan.finishReason));
  const n = who.n ?? 1;
  if (n > 1) {
    const perChoice = out.flatMap((c) =>
      Array.from({ length: n }, (_, index) => ({ ...c, choices: c.choices.map((ch) => ({ ...ch, index })) })),
    );
    out.splice(0, out.length, ...perChoice);
  }
  if (who.includeUsage) {
    out.push({
      id: who.id,
      object: 'chat.completion.chunk',
      created: who.created,
      model: who.model,
      choices: [],
      usage: plan.usage,
    });
  }
  return out;
}

/** The non-stream document for a plan. */
export function completion(who: Omit<StreamIdentity, 'includeUsage'>, plan: ReplyPlan): ChatCompletion {
  const call = plan.toolCall;
  return {
    id: who.id,
    object: 'chat.completion',
    created: who.created,
    model: who.model,
    choices: [
      {
        index: 0,
        message: call
          ? {
              role: 'assistant',
              content: null,
              refusal: null,
              tool_calls: [
                {
                  id: call.id,
                  type: 'function',
                  function: { name: call.name, arguments: call.argumentPieces.join('') },
                },
              ],
            }
          : { role: 'assistant', content: plan.tokens.join(''), refusal: null },
        logprobs: null,
        finish_reason: plan.finishReason,
      },
    ],
    usage: plan.usage as Usage,
  };
}
