import {
  type CreateChatCompletionRequest,
  type Directives,
  type FinishReason,
  lastUserText,
  stripDirectives,
  type Usage,
} from '../contract';

/** Reply length when neither `tokens=` nor a limit says otherwise. */
const NATURAL_MAX = 12;

/** What the fake upstream will answer, decided before the first byte so every mode agrees. */
export interface ReplyPlan {
  /** Content tokens in order; joined they are the reply text. */
  tokens: string[];
  /** A tool call to make instead of content (from `tool=NAME` when the request declares that tool). */
  toolCall?: { id: string; name: string; argumentPieces: string[] };
  finishReason: FinishReason;
  usage: Usage;
}

function countWords(value: unknown): number {
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean).length;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countWords(v), 0);
  if (value && typeof value === 'object') {
    return (
      countWords((value as { text?: unknown }).text) + countWords((value as { content?: unknown }).content)
    );
  }
  return 0;
}

function declaresTool(body: CreateChatCompletionRequest, name: string): boolean {
  return (body.tools ?? []).some((t) => t.function?.name === name);
}

/**
 * Plans a deterministic reply: the words of the last user message (directives removed), cycled to
 * the wanted length and cut by `max_completion_tokens`/`max_tokens` (→ `length`).
 * @example planReply({model:'m', messages:[{role:'user', content:'hello there'}]}, {}).tokens // ['hello', ' there']
 */
export function planReply(body: CreateChatCompletionRequest, directives: Directives, seq = 0): ReplyPlan {
  const words = stripDirectives(lastUserText(body.messages)).split(' ').filter(Boolean);
  const source = words.length > 0 ? words : ['Hello'];
  const wanted = directives.tokens ?? Math.min(source.length, NATURAL_MAX);
  const limit = body.max_completion_tokens ?? body.max_tokens ?? Number.POSITIVE_INFINITY;
  const count = Math.min(wanted, limit);
  const tokens = Array.from({ length: count }, (_, i) => `${i === 0 ? '' : ' '}${source[i % source.length]}`);
  const prompt = countWords(body.messages);

  if (directives.tool && declaresTool(body, directives.tool)) {
    const args = JSON.stringify({ text: source.join(' ') });
    const cut = Math.ceil(args.length / 2);
    return {
      tokens: [],
      toolCall: {
        id: `call_fake_${seq}`,
        name: directives.tool,
        argumentPieces: [args.slice(0, cut), args.slice(cut)],
      },
      finishReason: 'tool_calls',
      usage: { prompt_tokens: prompt, completion_tokens: 2, total_tokens: prompt + 2 },
    };
  }
  return {
    tokens,
    finishReason: count < wanted ? 'length' : 'stop',
    usage: { prompt_tokens: prompt, completion_tokens: count, total_tokens: prompt + count },
  };
}
