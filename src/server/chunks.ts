import { randomBytes } from 'node:crypto';
import type { FinishReason, Usage } from '../contract';
import { encodeData } from '../sse';
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
    this.head =
      `{"id":${JSON.stringify(meta.id)},"object":"chat.completion.chunk","created":${meta.created},` +
      `"model":${JSON.stringify(meta.model)},"choices":[`;
    this.tail = includeUsage ? '],"usage":null}' : ']}';
  }

  private choice(index: number, delta: string, finish: string): string {
    return encodeData(
      `${this.head}{"index":${index},"delta":${delta},"finish_reason":${finish}}${this.tail}`,
    );
  }

  /** The first delta of a choice; content is null when the reply is a tool call, as OpenAI sends. */
  role(index: number, toolCall: boolean): string {
    return this.choice(index, `{"role":"assistant","content":${toolCall ? 'null' : '""'}}`, 'null');
  }

  content(index: number, text: string): string {
    return this.choice(index, `{"content":${JSON.stringify(text)}}`, 'null');
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
    return encodeData(`${this.head}],"usage":${JSON.stringify(usage)}}`);
  }

  /** The in-band error event that ends a failed stream. */
  error(err: ApiError): string {
    return encodeData(JSON.stringify(err.toBody()));
  }
}
