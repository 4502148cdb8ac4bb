import { type ChatCompletionChunk, compileSchema, describeErrors, type Usage } from '../../../contract';
import { DONE_DATA, type SseEvent } from '../../../sse';
import { ApiError } from '../../errors';
import type { BackendEvent } from '../types';

/** What one upstream event amounted to. */
export type UpstreamStep =
  | { kind: 'events'; events: BackendEvent[] }
  | { kind: 'done' }
  | { kind: 'failed'; error: ApiError; detail: string };

function failed(message: string, detail: string): UpstreamStep {
  return { kind: 'failed', error: new ApiError('upstream_error', message), detail };
}

/**
 * Reads an upstream stream event by event: `[DONE]` ends it, an `{"error":…}` frame, a chunk that
 * is not JSON or breaks the contract, or a finish announcing a call the choice never streamed fails
 * it; every other chunk becomes backend events.
 * Errors carry fixed messages: nothing the upstream wrote is echoed to clients.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */
export class UpstreamChunkReader {
  private readonly validate = compileSchema('ChatCompletionChunk');
  private readonly seen = new Set<number>();
  private readonly finished = new Set<number>();
  /** Choices that streamed a tool call, and those that streamed a legacy function call. */
  private readonly calledTools = new Set<number>();
  private readonly calledFunction = new Set<number>();
  /** The usage totals, once the upstream sent them (the `include_usage` chunk). */
  usage: Usage | undefined;

  /** True when every choice that appeared has finished: the reply is whole even without `[DONE]`. */
  get complete(): boolean {
    return this.seen.size > 0 && [...this.seen].every((i) => this.finished.has(i));
  }

  read(event: SseEvent): UpstreamStep {
    if (event.data === DONE_DATA) return { kind: 'done' };
    let value: unknown;
    try {
      value = JSON.parse(event.data);
    } catch {
      return failed('The upstream provider sent a malformed stream chunk.', 'invalid JSON');
    }
    if (value && typeof value === 'object' && 'error' in value) {
      const code = (value as { error?: { code?: unknown } }).error?.code;
      return failed(
        'The upstream provider reported an error during the stream.',
        `error frame, code ${String(code)}`,
      );
    }
    if (!this.validate(value)) {
      const detail = describeErrors(this.validate.errors).slice(0, 3).join('; ');
      return failed('The upstream provider sent a malformed stream chunk.', `schema: ${detail}`);
    }
    const events = this.toEvents(value as ChatCompletionChunk);
    if (typeof events === 'string')
      return failed('The upstream provider announced a call it never sent.', events);
    return { kind: 'events', events };
  }

  /**
   * The chunk's events, or what is wrong with a finish that announces a call (`tool_calls`,
   * `function_call`) on a choice that streamed none: forwarded, it would send the client looking
   * for a call that is not there.
   */
  private toEvents(chunk: ChatCompletionChunk): BackendEvent[] | string {
    const out: BackendEvent[] = [];
    for (const c of chunk.choices) {
      const choice = c.index;
      this.seen.add(choice);
      const { content, tool_calls: calls } = c.delta;
      // Reasoning goes before the answer, under the field this server streams (`reasoning_content`).
      const reasoning = c.delta.reasoning_content ?? (c.delta as { reasoning?: unknown }).reasoning;
      if (typeof reasoning === 'string' && reasoning !== '')
        out.push({ type: 'reasoning', choice, text: reasoning });
      if (typeof content === 'string' && content !== '') out.push({ type: 'content', choice, text: content });
      // A refusal is the reply when the model declines; dropping it would pass an empty answer as a whole one.
      const refusal = c.delta.refusal;
      if (typeof refusal === 'string' && refusal !== '') out.push({ type: 'refusal', choice, text: refusal });
      // The legacy form of a tool call (a request with `functions`): forwarded as it came.
      const legacy = c.delta.function_call;
      if (legacy) {
        this.calledFunction.add(choice);
        const event: BackendEvent = { type: 'function-call', choice, arguments: legacy.arguments ?? '' };
        if (legacy.name !== undefined) event.name = legacy.name;
        out.push(event);
      }
      for (const call of calls ?? []) {
        this.calledTools.add(choice);
        const event: BackendEvent = {
          type: 'tool-call',
          choice,
          index: call.index,
          arguments: call.function?.arguments ?? '',
        };
        if (call.id !== undefined) event.id = call.id;
        if (call.function?.name !== undefined) event.name = call.function.name;
        out.push(event);
      }
      if (c.finish_reason != null) {
        const reason = c.finish_reason;
        if (reason === 'tool_calls' && !this.calledTools.has(choice)) {
          return `choice ${choice} finished with tool_calls without tool-call deltas`;
        }
        if (reason === 'function_call' && !this.calledFunction.has(choice)) {
          return `choice ${choice} finished with function_call without function_call deltas`;
        }
        this.finished.add(choice);
        out.push({ type: 'finish', choice, reason: c.finish_reason });
      }
    }
    if (chunk.usage) this.usage = chunk.usage;
    return out;
  }
}
