import { randomBytes } from 'node:crypto';
import type { FinishReason, Usage } from '../contract';
import type { TokenLogprob } from './backends/types';
import type { ApiError } from './errors';

/** A fresh completion id, `chatcmpl-` and 24 random characters. */
export function completionId(): string {
  return `chatcmpl-${randomBytes(18).toString('base64url')}`;
}

/** What every chunk of one stream shares. */
export interface StreamMeta {
  id: string;
  created: number;
  model: string;
  /** The tier that served the request, when the request named one. */
  serviceTier?: string;
}

/** Tiers a request may name; `auto` is served by `default`, as OpenAI reports it. */
const TIERS = ['default', 'flex', 'scale', 'priority', 'fast'];

/**
 * The `service_tier` a response reports: the tier the request named (`auto` → `default`), or
 * nothing when it named none.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-service_tier
 */
export function servedTier(requested: string | null | undefined): string | undefined {
  if (requested == null) return undefined;
  return TIERS.includes(requested) ? requested : 'default';
}

/**
 * Frames the chunks of one stream as SSE events. The constant part of every chunk (id, object,
 * created, model) is rendered once per stream; per chunk only the variable text goes through
 * JSON.stringify, which keeps streaming close to a hand-written server.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */
export class ChunkEncoder {
  private readonly head: string;
  private readonly tail: string;

  /** @param includeUsage `stream_options.include_usage`: every chunk then has `usage: null`. */
  constructor(meta: StreamMeta, includeUsage: boolean) {
    // JSON never holds a raw newline, so each chunk is one `data:` line framed here directly.
    this.head =
      `data: {"id":${JSON.stringify(meta.id)},"object":"chat.completion.chunk","created":${meta.created},` +
      `"model":${JSON.stringify(meta.model)},` +
      (meta.serviceTier ? `"service_tier":${JSON.stringify(meta.serviceTier)},` : '') +
      '"choices":[';
    this.tail = includeUsage ? '],"usage":null}\n\n' : ']}\n\n';
  }

  private choice(index: number, delta: string, finish: string): string {
    return `${this.head}{"index":${index},"delta":${delta},"finish_reason":${finish}}${this.tail}`;
  }

  /** The first delta of a choice; content is null when the reply is a tool call, as OpenAI sends. */
  role(index: number, toolCall: boolean): string {
    return this.choice(index, `{"role":"assistant","content":${toolCall ? 'null' : '""'}}`, 'null');
  }

  content(index: number, text: string): string {
    // The hot path: one template, no intermediate delta string.
    return `${this.head}{"index":${index},"delta":{"content":${JSON.stringify(text)}},"finish_reason":null}${this.tail}`;
  }

  /** A content delta with its token's log probability (`logprobs: true`). */
  contentWithLogprob(index: number, text: string, logprob: TokenLogprob): string {
    const logprobs = `{"content":[${JSON.stringify(logprob)}],"refusal":null}`;
    return `${this.head}{"index":${index},"delta":{"content":${JSON.stringify(text)}},"logprobs":${logprobs},"finish_reason":null}${this.tail}`;
  }

  /** A piece of reasoning, in `delta.reasoning_content` (the field vLLM and DeepSeek use). */
  reasoning(index: number, text: string): string {
    return this.choice(index, `{"reasoning_content":${JSON.stringify(text)}}`, 'null');
  }

  /** One tool-call fragment; id, type and name only on the first fragment of its index. */
  toolCall(index: number, call: { index: number; id?: string; name?: string; arguments: string }): string {
    let fragment = `{"index":${call.index}`;
    if (call.id !== undefined) fragment += `,"id":${JSON.stringify(call.id)},"type":"function"`;
    fragment += ',"function":{';
    if (call.name !== undefined) fragment += `"name":${JSON.stringify(call.name)},`;
    fragment += `"arguments":${JSON.stringify(call.arguments)}}}`;
    return this.choice(index, `{"tool_calls":[${fragment}]}`, 'null');
  }

  /** The last chunk of a choice: an empty delta and the reason. */
  finish(index: number, reason: FinishReason): string {
    return this.choice(index, '{}', JSON.stringify(reason));
  }

  /** The extra chunk `stream_options.include_usage` asks for: no choices, the totals. */
  usage(usage: Usage): string {
    return `${this.head}],"usage":${JSON.stringify(usage)}}\n\n`;
  }

  /** The in-band error event that ends a failed stream. */
  error(err: ApiError): string {
    return `data: ${JSON.stringify(err.toBody())}\n\n`;
  }
}
