/**
 * SSE encoding: the only place that knows how an event is framed on the wire.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */

/** The terminator OpenAI streams end with, exactly. */
export const DONE_DATA = '[DONE]';

/** `data: [DONE]` and its blank line. */
export const DONE_EVENT = `data: ${DONE_DATA}\n\n`;

/** Any line break; one scan instead of one per kind. */
const LINE_BREAK = /[\r\n]/;

/**
 * Frames one payload as a `data:` event. JSON text never holds a raw newline, so one line suffices;
 * other text is split into several `data:` lines as the SSE format requires.
 * @example encodeData('{"a":1}') // 'data: {"a":1}\n\n'
 */
export function encodeData(data: string): string {
  if (!LINE_BREAK.test(data)) return `data: ${data}\n\n`;
  return `${data
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}`)
    .join('\n')}\n\n`;
}

/** Frames a value as a JSON `data:` event. */
export function encodeJson(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

/** An SSE comment line (ignored by clients), used as a keep-alive. */
export function encodeComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}

/** What every chunk of one stream shares. */
export interface ChunkIdentity {
  id: string;
  created: number;
  model: string;
  /** The tier that served the request (`service_tier`), when the response reports one. */
  serviceTier?: string;
}

/** One tool-call fragment of a chunk; id, type and name only on the first fragment of its index. */
export interface ToolCallFragment {
  index: number;
  id?: string;
  name?: string;
  arguments: string;
}

/**
 * Frames the `chat.completion.chunk` events of one stream. The constant part of every chunk (id,
 * object, created, model) is rendered once per stream; per chunk only the variable text goes
 * through JSON.stringify, which keeps streaming close to a hand-written server. Each method returns
 * one whole `data:` event.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 * @example new ChunkTemplate({ id: 'chatcmpl-1', created: 0, model: 'm' }, false).content(0, 'Hi')
 */
export class ChunkTemplate {
  private readonly head: string;
  private readonly tail: string;

  /** @param includeUsage `stream_options.include_usage`: every chunk then has `usage: null`. */
  constructor(identity: ChunkIdentity, includeUsage: boolean) {
    // JSON never holds a raw newline, so each chunk is one `data:` line framed here directly.
    this.head =
      `data: {"id":${JSON.stringify(identity.id)},"object":"chat.completion.chunk","created":${identity.created},` +
      `"model":${JSON.stringify(identity.model)},` +
      (identity.serviceTier ? `"service_tier":${JSON.stringify(identity.serviceTier)},` : '') +
      '"choices":[';
    this.tail = includeUsage ? '],"usage":null}\n\n' : ']}\n\n';
  }

  private choice(index: number, delta: string, finish: string): string {
    return `${this.head}{"index":${index},"delta":${delta},"finish_reason":${finish}}${this.tail}`;
  }

  /**
   * The first delta of a choice; content is null when the reply is a tool or function call or a
   * refusal, as OpenAI sends.
   */
  role(index: number, noContent: boolean): string {
    return this.choice(index, `{"role":"assistant","content":${noContent ? 'null' : '""'}}`, 'null');
  }

  /** One content delta. */
  content(index: number, text: string): string {
    // The hot path: one template, no intermediate delta string.
    return `${this.head}{"index":${index},"delta":{"content":${JSON.stringify(text)}},"finish_reason":null}${this.tail}`;
  }

  /** A content delta with its token's log probability (`logprobs: true`), one `logprobs.content` entry. */
  contentWithLogprob(index: number, text: string, logprob: object): string {
    const logprobs = `{"content":[${JSON.stringify(logprob)}],"refusal":null}`;
    return `${this.head}{"index":${index},"delta":{"content":${JSON.stringify(text)}},"logprobs":${logprobs},"finish_reason":null}${this.tail}`;
  }

  /** A piece of a legacy function call, in `delta.function_call` (the name only on the first piece). */
  functionCall(index: number, name: string | undefined, args: string): string {
    const named = name === undefined ? '' : `"name":${JSON.stringify(name)},`;
    return this.choice(index, `{"function_call":{${named}"arguments":${JSON.stringify(args)}}}`, 'null');
  }

  /** A piece of a refusal, in `delta.refusal`. */
  refusal(index: number, text: string): string {
    return this.choice(index, `{"refusal":${JSON.stringify(text)}}`, 'null');
  }

  /** A piece of reasoning, in `delta.reasoning_content` (the field vLLM and DeepSeek use). */
  reasoning(index: number, text: string): string {
    return this.choice(index, `{"reasoning_content":${JSON.stringify(text)}}`, 'null');
  }

  /** One tool-call fragment. */
  toolCall(index: number, call: ToolCallFragment): string {
    let fragment = `{"index":${call.index}`;
    if (call.id !== undefined) fragment += `,"id":${JSON.stringify(call.id)},"type":"function"`;
    fragment += ',"function":{';
    if (call.name !== undefined) fragment += `"name":${JSON.stringify(call.name)},`;
    fragment += `"arguments":${JSON.stringify(call.arguments)}}}`;
    return this.choice(index, `{"tool_calls":[${fragment}]}`, 'null');
  }

  /** The last chunk of a choice: an empty delta and the reason. */
  finish(index: number, reason: string): string {
    return this.choice(index, '{}', JSON.stringify(reason));
  }

  /** The extra chunk `stream_options.include_usage` asks for: no choices, the totals. */
  usage(usage: object): string {
    return `${this.head}],"usage":${JSON.stringify(usage)}}\n\n`;
  }
}
