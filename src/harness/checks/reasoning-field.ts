import {
  type Answer,
  askedToStream,
  chunkEvents,
  eachExchange,
  joinStream,
  type Located,
  logAll,
  NOT_SUCCESS_STREAM,
  readCompletion,
  type StreamExchange,
  sequenceExchanges,
} from '../judge';
import type { Check, Exchange } from '../types';

/** Tags some servers leave in `content` when their reasoning parser is off or broken. */
const THINK_TAG = /<\/?(think|thinking|reasoning)>/i;

/** Reasoning-field problems of one streamed answer, and of its non-stream twins. */
export function reasoningProblems(
  stream: StreamExchange,
  streamed: Answer,
  twins: ReadonlyArray<{ label: string; answer: Answer }>,
): Located[] {
  const out: Located[] = [];
  const tagged = chunkEvents(stream.response.sse).find((c) =>
    (c.json.choices ?? []).some(
      (ch) => typeof ch?.delta?.content === 'string' && THINK_TAG.test(ch.delta.content),
    ),
  );
  if (tagged || THINK_TAG.test(streamed.content)) {
    out.push({
      message: `content holds ${streamed.content.match(THINK_TAG)?.[0] ?? 'a reasoning tag'}: reasoning text belongs in delta.reasoning_content or delta.reasoning, not in content`,
      ...(tagged ? { at: tagged } : {}),
    });
  }
  if (streamed.reasoningFields.length > 1) {
    out.push({
      message: `reasoning arrives in both ${streamed.reasoningFields.join(' and ')}: a client reads one`,
    });
  }
  const field = streamed.reasoningFields[0];
  for (const twin of twins) {
    const other = twin.answer.reasoningFields[0];
    if (field && other && other !== field) {
      out.push({
        message: `the stream carries reasoning in ${field}, the non-stream answer (${twin.label}) in ${other}: the same field must be used streamed and not`,
      });
    }
  }
  return out;
}

/** Non-stream answers in the run to the same conversation as `stream`. */
function twinsOf(exchanges: readonly Exchange[], stream: Exchange): Array<{ label: string; answer: Answer }> {
  const messages = JSON.stringify(stream.requestJson?.messages);
  const out: Array<{ label: string; answer: Answer }> = [];
  for (const e of exchanges) {
    if (
      askedToStream(e) ||
      e.response?.status !== 200 ||
      JSON.stringify(e.requestJson?.messages) !== messages
    )
      continue;
    const answer = readCompletion(e.response.body);
    if (answer) out.push({ label: e.label, answer });
  }
  return out;
}

/** Whether a stream shows any reasoning: a reasoning field or a reasoning tag in its content. */
function showsReasoning(answer: Answer): boolean {
  return answer.reasoningFields.length > 0 || THINK_TAG.test(answer.content);
}

/**
 * Reasoning text arrives in `delta.reasoning_content` or `delta.reasoning`, one of them, the same
 * one streamed and not, and never as `<think>` tags in `content`.
 * @see https://docs.vllm.ai/en/latest/features/reasoning_outputs.html
 */
export const reasoningField: Check = {
  id: 'reasoning-field',
  severity: 'should',
  rule: 'Reasoning text arrives in delta.reasoning_content or delta.reasoning (one of them, the same field streamed and not), never as <think>-style tags in content.',
  offline: true,
  run(run) {
    const streams = sequenceExchanges(run)
      .map((exchange) => ({ exchange, answer: joinStream(exchange) }))
      .filter((s) => showsReasoning(s.answer));
    if (streams.length === 0) return { applies: false, reason: 'no stream carried reasoning' };
    const byExchange = new Map(streams.map((s) => [s.exchange, s.answer]));
    return eachExchange(
      streams.map((s) => s.exchange),
      NOT_SUCCESS_STREAM,
      (exchange, log) => {
        logAll(log, reasoningProblems(exchange, byExchange.get(exchange)!, twinsOf(run.exchanges, exchange)));
      },
    );
  },
};
