import {
  type Answer,
  askedToStream,
  choicesOf,
  eachStream,
  type FindingDetail,
  type FindingLog,
  NOT_SUCCESS_STREAM,
  REASONING_FIELDS,
  readCompletion,
  type SinglePass,
  sequenceExchanges,
  singlePassCheck,
} from '../judge';
import type { Exchange } from '../types';

/** Tags some servers leave in `content` when their reasoning parser is off or broken. */
const THINK_TAG = /<\/?(think|thinking|reasoning)>/i;

/** The longest tag {@link THINK_TAG} matches, less one: what a tag split across pieces leaves behind. */
const TAG_TAIL = '</reasoning>'.length - 1;

/** What a stream showed of reasoning, kept as its chunks pass (choice 0, as a client joins it). */
interface Reasoning {
  /** The reasoning fields of choice 0 that carried text, in order of arrival. */
  fields: string[];
  /** The first reasoning tag in choice 0's joined content. */
  tag?: string;
  /** The first chunk with a tag inside one piece of content, quoted. */
  tagged?: FindingDetail;
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

/** Logs the reasoning-field problems of one streamed answer, and of its non-stream twins. */
function logProblems(
  log: FindingLog,
  seen: Reasoning,
  twins: ReadonlyArray<{ label: string; answer: Answer }>,
): void {
  if (seen.tagged || seen.tag) {
    log.add(
      `content holds ${seen.tag ?? 'a reasoning tag'}: reasoning text belongs in delta.reasoning_content or delta.reasoning, not in content`,
      seen.tagged,
    );
  }
  if (seen.fields.length > 1) {
    log.add(`reasoning arrives in both ${seen.fields.join(' and ')}: a client reads one`);
  }
  const field = seen.fields[0];
  for (const twin of twins) {
    const other = twin.answer.reasoningFields[0];
    if (field && other && other !== field) {
      log.add(
        `the stream carries reasoning in ${field}, the non-stream answer (${twin.label}) in ${other}: the same field must be used streamed and not`,
      );
    }
  }
}

const pass: SinglePass<{ shows: boolean }> = {
  reduce({ exchange, log, run }) {
    const seen: Reasoning = { fields: [] };
    /** The end of choice 0's content so far, long enough to hold all but the last character of a tag. */
    let tail = '';
    return {
      event(c) {
        if (c.kind !== 'chunk') return;
        if (
          !seen.tagged &&
          (c.json.choices ?? []).some(
            (ch) =>
              typeof ch?.delta?.content === 'string' &&
              ch.delta.content.includes('<') &&
              THINK_TAG.test(ch.delta.content),
          )
        )
          seen.tagged = log.detail(c);
        for (const choice of choicesOf(c.json)) {
          if (choice.index !== 0) continue;
          const delta = choice.delta ?? {};
          const piece = delta.content;
          // Without a '<' in the piece or the kept tail no tag can be there or start there.
          if (typeof piece === 'string' && seen.tag === undefined && (tail !== '' || piece.includes('<'))) {
            const window = tail + piece;
            seen.tag = window.match(THINK_TAG)?.[0];
            tail = window.slice(-TAG_TAIL);
            if (!tail.includes('<')) tail = '';
          }
          for (const field of REASONING_FIELDS) {
            const piece = delta[field];
            if (typeof piece === 'string' && piece !== '' && !seen.fields.includes(field))
              seen.fields.push(field);
          }
        }
      },
      end() {
        const shows = seen.fields.length > 0 || seen.tag !== undefined;
        if (shows) logProblems(log, seen, twinsOf(run.exchanges, exchange));
        return { shows };
      },
    };
  },
  judge(run, read) {
    const streams = sequenceExchanges(run).filter((e) => read(e).result.shows);
    if (streams.length === 0) return { applies: false, reason: 'no stream carried reasoning' };
    return eachStream(streams, NOT_SUCCESS_STREAM, read);
  },
};

/**
 * Reasoning text arrives in `delta.reasoning_content` or `delta.reasoning`, one of them, the same
 * one streamed and not, and never as `<think>` tags in `content`.
 * @see https://docs.vllm.ai/en/latest/features/reasoning_outputs.html
 */
export const reasoningField = singlePassCheck(
  {
    id: 'reasoning-field',
    severity: 'should',
    rule: 'Reasoning text arrives in delta.reasoning_content or delta.reasoning (one of them, the same field streamed and not), never as <think>-style tags in content.',
    offline: true,
  },
  pass,
);
