import type { ServerResponse } from 'node:http';
import type { Directives } from '../contract';
import { DONE_EVENT, encodeData, encodeJson } from '../sse';
import { defectiveChunks } from './defects';
import { sleep, untilAborted, write } from './io';
import type { ReplyPlan } from './reply';
import { type StreamIdentity, streamChunks } from './upstreamChunks';

/** Default number of chunks after the role chunk before `mid-stream`, `error-frame` or `malformed-chunk`. */
export const DEFAULT_AFTER = 2;
/** Default per-token delay of `slow`, in ms. */
export const DEFAULT_SLOW_MS = 100;

/** How a stream ended, for the request log. */
export type StreamOutcome = 'completed' | 'destroyed' | 'client-closed';

/** The error frame `error-frame` sends, in the shape vLLM and LiteLLM use. */
export const FAULT_ERROR_FRAME = {
  error: {
    message: 'The fake upstream failed while generating (injected fault).',
    type: 'server_error',
    param: null,
    code: 'injected_fault',
  },
};

/** A `data:` line that is not JSON, as truncated or interleaved writers produce. */
export const MALFORMED_DATA = '{"id":"chatcmpl-broken","choices":[{"delta":{"content":';

/** Answers a streaming request, misbehaving as `directives.fault` says. */
export async function streamCompletion(
  res: ServerResponse,
  who: StreamIdentity,
  plan: ReplyPlan,
  directives: Directives,
  signal: AbortSignal,
  /** Breaks the connection on purpose (so the log does not blame the client). */
  destroy: () => void,
): Promise<StreamOutcome> {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.flushHeaders();
  const fault = directives.fault;
  if (fault === 'before-first-token') {
    res.end();
    return 'completed';
  }
  if (fault === 'hang') {
    await untilAborted(signal);
    return 'client-closed';
  }

  const { chunks, before } = defectiveChunks(streamChunks(who, plan), directives.defect);
  // `buffered` holds every frame back and sends them in one write at the end, as a buffering proxy does.
  const buffered = directives.defect === 'buffered';
  let held = '';
  const send = async (text: string) => {
    if (!buffered) return write(res, text, signal);
    held += text;
    return !signal.aborted;
  };
  // The finish chunk (and the usage chunk after it) must come after the fault.
  const finishAt = chunks.findIndex((c) => c.choices[0]?.finish_reason != null);
  const faultAt = Math.min(1 + (directives.after ?? DEFAULT_AFTER), finishAt);
  const delayMs = fault === 'slow' ? (directives.delayMs ?? DEFAULT_SLOW_MS) : (directives.delayMs ?? 0);

  for (let i = 0; i < chunks.length; i++) {
    if (i === faultAt) {
      if (fault === 'mid-stream') {
        destroy();
        return 'destroyed';
      }
      if (fault === 'error-frame') {
        if (!(await write(res, encodeJson(FAULT_ERROR_FRAME), signal))) return 'client-closed';
        res.end();
        return 'completed';
      }
      if (fault === 'malformed-chunk' && !(await write(res, encodeData(MALFORMED_DATA), signal))) {
        return 'client-closed';
      }
    }
    // Tokens are the chunks between the role chunk and the finish chunk.
    if (delayMs > 0 && i > 0 && i < finishAt && !(await sleep(delayMs, signal))) return 'client-closed';
    const extra = before.get(i) ?? '';
    if (!(await send(extra + encodeJson(chunks[i])))) return 'client-closed';
  }
  if (!(await write(res, held + DONE_EVENT, signal))) return 'client-closed';
  res.end();
  return 'completed';
}
