import {
  type Answer,
  deterministicPair,
  FindingLog,
  joinStream,
  notApplicable,
  show,
  whenSkipped,
} from '../judge';
import type { Check } from '../types';

function excerpt(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

const TOTALS = ['prompt_tokens', 'completion_tokens', 'total_tokens'] as const;

/** How a streamed answer differs from the non-stream answer to the same deterministic request. */
export function parityDifferences(
  streamed: Answer,
  reference: Answer,
): Array<{ message: string; evidence: string[] }> {
  const out: Array<{ message: string; evidence: string[] }> = [];
  if (streamed.content !== reference.content) {
    out.push({
      message: 'the joined stream content differs from the non-stream message content',
      evidence: [`stream: ${excerpt(streamed.content)}`, `non-stream: ${excerpt(reference.content)}`],
    });
  }
  if (streamed.reasoning !== reference.reasoning) {
    out.push({
      message: 'the joined stream reasoning differs from the non-stream message reasoning',
      evidence: [`stream: ${excerpt(streamed.reasoning)}`, `non-stream: ${excerpt(reference.reasoning)}`],
    });
  }
  const tools = (a: Answer) => JSON.stringify(a.tools);
  if (tools(streamed) !== tools(reference)) {
    out.push({
      message: 'the joined stream tool calls (names and arguments) differ from the non-stream tool calls',
      evidence: [`stream: ${excerpt(tools(streamed))}`, `non-stream: ${excerpt(tools(reference))}`],
    });
  }
  if (streamed.finish !== reference.finish) {
    out.push({
      message: `the stream finished with ${show(streamed.finish)}, the non-stream answer with ${show(reference.finish)}`,
      evidence: [],
    });
  }
  // Usage is compared only when both reported it (a stream reports it when include_usage was asked).
  if (streamed.usage && reference.usage) {
    const differ = TOTALS.filter((k) => streamed.usage![k] !== reference.usage![k]);
    if (differ.length > 0) {
      out.push({
        message: `usage totals differ (${differ.join(', ')}) between the stream and the non-stream answer`,
        evidence: [
          `stream: ${JSON.stringify(streamed.usage)}`,
          `non-stream: ${JSON.stringify(reference.usage)}`,
        ],
      });
    }
  }
  return out;
}

/**
 * At temperature 0 with a seed, the joined stream equals the non-stream message: content, tool
 * calls, finish reason and usage totals; inconclusive when two non-stream answers already differ.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-seed
 */
export const streamParity: Check = {
  id: 'stream-parity',
  severity: 'should',
  rule: 'At temperature 0 with a seed, the joined stream equals the non-stream message in content, tool calls, finish reason and usage totals (inconclusive when two non-stream answers already differ).',
  offline: true,
  run(run) {
    const skipped = whenSkipped(run);
    if (skipped) return skipped;
    const pair = deterministicPair(run);
    if ('reason' in pair) return notApplicable(pair.reason);
    const log = new FindingLog(pair.stream.label);
    for (const d of parityDifferences(joinStream(pair.stream), pair.answers[0]!.answer))
      log.add(d.message, d.evidence.length > 0 ? { evidence: d.evidence } : {});
    return { applies: true, findings: log.findings() };
  },
};
