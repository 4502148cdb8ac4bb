import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { CreateChatCompletionRequest, Usage } from '../../contract';
import { ChunkTemplate } from '../../sse';
import type { BackendEvent, BackendYield } from '../backends/types';
import { completionId } from '../ids';
import { servedTier } from '../serviceTier';
import { protocolError, toFailure } from './failures';
import { SseWriter } from './sseWriter';
import type { TimedEvents } from './timeouts';

/** Everything one streamed completion needs. */
export interface StreamContext {
  body: CreateChatCompletionRequest;
  events: TimedEvents<BackendYield>;
  res: ServerResponse;
  signal: AbortSignal;
  logger: Logger;
  requestId: string;
}

/**
 * Streams a backend's events as chat.completion.chunk events. Headers wait for the first event, so
 * a failure before it is thrown (the caller answers with a JSON error and its status); a failure
 * after it ends the stream with one in-band error event and no finish, usage or `[DONE]`.
 * Resolves to how the stream ended, for the request log.
 * @see ../../openapi.yaml (createChatCompletion: sequence and failure rules)
 */
export async function streamCompletion(ctx: StreamContext): Promise<'success' | 'failed' | 'aborted'> {
  const { body, events, signal } = ctx;
  const n = body.n ?? 1;
  const includeUsage = body.stream_options?.include_usage === true;
  const serviceTier = servedTier(body.service_tier);
  const meta = {
    id: completionId(),
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    ...(serviceTier ? { serviceTier } : {}),
  };
  const writer = new SseWriter(ctx.res, new ChunkTemplate(meta, includeUsage));
  const opened = new Array<boolean>(n).fill(false);
  const finished = new Array<boolean>(n).fill(false);
  let finishedCount = 0;
  let usage: Usage | undefined;
  let produced = 0;

  try {
    // Queues the chunks of one event; a batch of ready events becomes one write and one backpressure check.
    const queue = (ev: BackendEvent): void => {
      if (ev.type === 'usage') {
        usage = ev.usage;
        return;
      }
      if (!(ev.choice >= 0 && ev.choice < n)) throw protocolError(`choice ${ev.choice} of ${n}`);
      if (finished[ev.choice]) throw protocolError(`event after finish of choice ${ev.choice}`);
      if (!opened[ev.choice]) {
        opened[ev.choice] = true;
        writer.role(ev.choice, ev.type === 'tool-call');
      }
      if (ev.type === 'content') {
        produced++;
        if (ev.logprob) writer.contentWithLogprob(ev.choice, ev.text, ev.logprob);
        else writer.content(ev.choice, ev.text);
      } else if (ev.type === 'reasoning') {
        produced++;
        writer.reasoning(ev.choice, ev.text);
      } else if (ev.type === 'tool-call') {
        produced++;
        writer.toolCall(ev.choice, ev);
      } else {
        finished[ev.choice] = true;
        finishedCount++;
        writer.finish(ev.choice, ev.reason);
      }
    };
    for (let r = await events.next(); !r.done; r = await events.next()) {
      const step = r.value;
      // The events before a bad one stay queued, so they still reach the client, as they would one by one.
      if (!Array.isArray(step)) queue(step as BackendEvent);
      else for (const ev of step as readonly BackendEvent[]) queue(ev);
      const backpressure = writer.commit();
      if (backpressure) await backpressure;
    }
    if (finishedCount < n) throw protocolError(`${n - finishedCount} choice(s) never finished`);
    const totals = usage ?? { prompt_tokens: 0, completion_tokens: produced, total_tokens: produced };
    writer.done(includeUsage ? totals : undefined);
    return 'success';
  } catch (err) {
    const failure = toFailure(err, signal);
    if (!failure) {
      writer.abandon();
      return 'aborted';
    }
    if (!writer.started) throw failure;
    ctx.logger.error({ err, requestId: ctx.requestId, code: failure.code }, 'stream failed after it started');
    writer.fail(failure.toBody());
    return 'failed';
  } finally {
    events.close();
  }
}
