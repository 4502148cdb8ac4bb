import type {
  ChatCompletionChunk,
  ChatCompletionChunkDelta,
  FinishReason,
  ToolCallChunk,
  Usage,
} from '../contract';

/** A tool call's joined arguments as JSON, or why they do not parse. */
export type ParsedArguments = { ok: true; value: unknown } | { ok: false; error: string };

/** One tool call of a choice, its fragments joined. */
export interface AccumulatedToolCall {
  /** The call's position among the choice's tool calls (`tool_calls[].index`). */
  index: number;
  /** null when no fragment carried one. */
  id: string | null;
  type: 'function';
  function: { name: string; arguments: string };
  parsed: ParsedArguments;
}

/** A legacy function call (the reply to a request with `functions`), its pieces joined. */
export interface AccumulatedFunctionCall {
  name: string;
  arguments: string;
  parsed: ParsedArguments;
}

/** One choice of a stream, its deltas joined. */
export interface AccumulatedChoice {
  index: number;
  role: string | null;
  /** null when no delta carried text (a tool-call reply), else the joined text. */
  content: string | null;
  /** Joined `reasoning_content` (or `reasoning`, as some servers name it); null when there was none. */
  reasoning: string | null;
  refusal: string | null;
  toolCalls: AccumulatedToolCall[];
  /** The legacy `function_call`, when the stream carried one; null otherwise. */
  functionCall: AccumulatedFunctionCall | null;
  finishReason: FinishReason | null;
}

/** The whole answer a stream carried. */
export interface ChatResult {
  id: string | null;
  model: string | null;
  created: number | null;
  /** Sorted by index. */
  choices: AccumulatedChoice[];
  usage: Usage | null;
}

interface Draft {
  choice: Omit<AccumulatedChoice, 'toolCalls' | 'functionCall'>;
  calls: Map<number, Omit<AccumulatedToolCall, 'parsed'>>;
  legacy: { name: string; arguments: string } | null;
}

function join(previous: string | null, piece: unknown): string | null {
  return typeof piece === 'string' ? (previous ?? '') + piece : previous;
}

/** `reasoning_content` as most servers send it, else `reasoning`; never both, which some send as copies. */
function reasoningOf(delta: ChatCompletionChunkDelta): unknown {
  if ('reasoning_content' in delta && typeof delta.reasoning_content === 'string')
    return delta.reasoning_content;
  if ('reasoning' in delta) return delta.reasoning;
  return undefined;
}

function parse(args: string): ParsedArguments {
  try {
    return { ok: true, value: JSON.parse(args) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Joins a stream's chunks into the answer, chunk by chunk (for a caller that also shows them).
 * @example const acc = new ChatAccumulator(); for await (const c of readChatStream(res)) acc.add(c); acc.result();
 */
export class ChatAccumulator {
  private readonly drafts = new Map<number, Draft>();
  private id: string | null = null;
  private model: string | null = null;
  private created: number | null = null;
  private usage: Usage | null = null;

  add(chunk: ChatCompletionChunk): void {
    this.id ??= chunk.id;
    this.model ??= chunk.model;
    this.created ??= chunk.created;
    if (chunk.usage) this.usage = chunk.usage;
    for (const { index, delta, finish_reason } of chunk.choices) {
      let draft = this.drafts.get(index);
      if (!draft) {
        draft = {
          choice: { index, role: null, content: null, reasoning: null, refusal: null, finishReason: null },
          calls: new Map(),
          legacy: null,
        };
        this.drafts.set(index, draft);
      }
      const c = draft.choice;
      c.role ??= delta.role ?? null;
      c.content = join(c.content, delta.content);
      c.reasoning = join(c.reasoning, reasoningOf(delta));
      c.refusal = join(c.refusal, delta.refusal);
      for (const fragment of delta.tool_calls ?? []) addFragment(draft.calls, fragment);
      const legacy = delta.function_call;
      if (legacy) {
        draft.legacy ??= { name: '', arguments: '' };
        if (!draft.legacy.name && legacy.name) draft.legacy.name = legacy.name;
        draft.legacy.arguments += legacy.arguments ?? '';
      }
      if (finish_reason) c.finishReason = finish_reason;
    }
  }

  /** The answer so far; tool-call arguments are parsed now. */
  result(): ChatResult {
    const choices = [...this.drafts.values()]
      .sort((a, b) => a.choice.index - b.choice.index)
      .map(({ choice, calls, legacy }) => ({
        ...choice,
        functionCall: legacy ? { ...legacy, parsed: parse(legacy.arguments) } : null,
        toolCalls: [...calls.values()]
          .sort((a, b) => a.index - b.index)
          .map((call) => ({
            ...call,
            function: { ...call.function },
            parsed: parse(call.function.arguments),
          })),
      }));
    return { id: this.id, model: this.model, created: this.created, choices, usage: this.usage };
  }
}

function addFragment(calls: Draft['calls'], fragment: ToolCallChunk): void {
  let call = calls.get(fragment.index);
  if (!call) {
    call = { index: fragment.index, id: null, type: 'function', function: { name: '', arguments: '' } };
    calls.set(fragment.index, call);
  }
  call.id ??= fragment.id ?? null;
  // The name comes whole in the first fragment; later fragments repeating it add nothing.
  if (!call.function.name && fragment.function?.name) call.function.name = fragment.function.name;
  call.function.arguments += fragment.function?.arguments ?? '';
}

/**
 * Joins a whole stream's chunks into the final answer per choice: content, reasoning, refusal,
 * tool calls (arguments joined and parsed, the parse error kept), a legacy function call, finish
 * reason, and usage.
 * @example const answer = await accumulate(readChatStream(response)); answer.choices[0]?.content;
 */
export async function accumulate(
  chunks: AsyncIterable<ChatCompletionChunk> | Iterable<ChatCompletionChunk>,
): Promise<ChatResult> {
  const acc = new ChatAccumulator();
  for await (const chunk of chunks) acc.add(chunk);
  return acc.result();
}
