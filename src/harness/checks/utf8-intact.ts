import {
  type Answer,
  chunkEvents,
  deterministicPair,
  FindingLog,
  joinStream,
  type Located,
  logAll,
  notApplicable,
  type StreamExchange,
  whenSkipped,
} from '../judge';
import type { Check } from '../types';

const REPLACEMENT = '\uFFFD';

/** How many U+FFFD replacement characters an answer's text holds, per part. */
export function replacementCounts(
  answer: Answer,
): Record<'content' | 'reasoning' | 'tool arguments', number> {
  const count = (s: string) => s.split(REPLACEMENT).length - 1;
  return {
    content: count(answer.content),
    reasoning: count(answer.reasoning),
    'tool arguments': count(answer.tools.map((t) => t.arguments).join('')),
  };
}

/**
 * The parts of a streamed answer that hold replacement characters the non-stream answer to the
 * same deterministic request does not: characters broken where the stream split their bytes.
 */
export function brokenCharacters(stream: StreamExchange, reference: Answer): Located[] {
  const streamed = replacementCounts(joinStream(stream));
  const expected = replacementCounts(reference);
  const out: Located[] = [];
  const first = chunkEvents(stream.response.sse).find((c) => c.event.data.includes(REPLACEMENT));
  for (const part of Object.keys(streamed) as Array<keyof typeof streamed>) {
    if (streamed[part] <= expected[part]) continue;
    out.push({
      message: `the streamed ${part} holds ${streamed[part]} U+FFFD replacement character(s), the non-stream answer to the same request ${expected[part]}: multibyte characters were broken in the stream`,
      ...(first ? { at: first } : {}),
    });
  }
  return out;
}

/**
 * The joined content, reasoning and tool arguments of a stream hold no U+FFFD where the same
 * deterministic request's non-stream answer has none.
 * @see https://www.rfc-editor.org/rfc/rfc3629 (UTF-8 sequences must not be split or mangled)
 */
export const utf8Intact: Check = {
  id: 'utf8-intact',
  severity: 'should',
  rule: 'The joined content, reasoning and tool arguments of a stream contain no U+FFFD where the same deterministic request (temperature 0 and a seed) answered without streaming has none.',
  offline: true,
  run(run) {
    const skipped = whenSkipped(run);
    if (skipped) return skipped;
    const pair = deterministicPair(run);
    if ('reason' in pair) return notApplicable(pair.reason);
    const log = new FindingLog(pair.stream.label, pair.stream.response.sse);
    logAll(log, brokenCharacters(pair.stream, pair.answers[0]!.answer));
    return { applies: true, findings: log.findings() };
  },
};
