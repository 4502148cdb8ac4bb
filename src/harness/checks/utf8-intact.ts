import {
  type Answer,
  canPair,
  choicesOf,
  deterministicPair,
  type FindingDetail,
  FindingLog,
  idleReducer,
  notApplicable,
  REASONING_FIELDS,
  type SinglePass,
  singlePassCheck,
  whenSkipped,
} from '../judge';

const REPLACEMENT = '\uFFFD';

type Part = 'content' | 'reasoning' | 'tool arguments';
type Counts = Record<Part, number>;

/** How many U+FFFD a text holds (scanned natively: most pieces hold none). */
function count(s: string): number {
  let n = 0;
  for (let at = s.indexOf(REPLACEMENT); at >= 0; at = s.indexOf(REPLACEMENT, at + 1)) n++;
  return n;
}
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** How many U+FFFD replacement characters an answer's text holds, per part. */
export function replacementCounts(answer: Answer): Counts {
  return {
    content: count(answer.content),
    reasoning: count(answer.reasoning),
    'tool arguments': count(answer.tools.map((t) => t.arguments).join('')),
  };
}

/** What a stream's choice 0 held of U+FFFD (counted per piece: joining pieces makes none), and the first chunk carrying one. */
interface Streamed {
  counts: Counts;
  first?: FindingDetail;
}

const pass: SinglePass<Streamed> = {
  reduce({ log, run, exchange }) {
    const out: Streamed = { counts: { content: 0, reasoning: 0, 'tool arguments': 0 } };
    // Judged only as the stream of a deterministic pair: any other stream is never read.
    if (!canPair(run, exchange)) return idleReducer(out);
    return {
      event(c) {
        if (c.kind !== 'chunk') return;
        if (!out.first && c.event.data.includes(REPLACEMENT)) out.first = log.detail(c);
        for (const choice of choicesOf(c.json)) {
          if (choice.index !== 0) continue;
          const delta = choice.delta ?? {};
          out.counts.content += count(text(delta.content));
          for (const field of REASONING_FIELDS) out.counts.reasoning += count(text(delta[field]));
          if (!Array.isArray(delta.tool_calls)) continue;
          for (const f of delta.tool_calls) {
            if (typeof f !== 'object' || f === null || !Number.isInteger(f.index)) continue;
            out.counts['tool arguments'] += count(text(f.function?.arguments));
          }
        }
      },
      end: () => out,
    };
  },
  judge(run, read) {
    const skipped = whenSkipped(run);
    if (skipped) return skipped;
    const pair = deterministicPair(run);
    if ('reason' in pair) return notApplicable(pair.reason);
    const streamed = read(pair.stream).result;
    const expected = replacementCounts(pair.answers[0]!.answer);
    const log = new FindingLog(pair.stream.label);
    for (const part of Object.keys(expected) as Part[]) {
      if (streamed.counts[part] <= expected[part]) continue;
      // The parts of a streamed answer that hold replacement characters the non-stream answer does
      // not: characters broken where the stream split their bytes.
      log.add(
        `the streamed ${part} holds ${streamed.counts[part]} U+FFFD replacement character(s), the non-stream answer to the same request ${expected[part]}: multibyte characters were broken in the stream`,
        streamed.first,
      );
    }
    return { applies: true, findings: log.findings() };
  },
};

/**
 * The joined content, reasoning and tool arguments of a stream hold no U+FFFD where the same
 * deterministic request's non-stream answer has none.
 * @see https://www.rfc-editor.org/rfc/rfc3629 (UTF-8 sequences must not be split or mangled)
 */
export const utf8Intact = singlePassCheck(
  {
    id: 'utf8-intact',
    severity: 'should',
    rule: 'The joined content, reasoning and tool arguments of a stream contain no U+FFFD where the same deterministic request (temperature 0 and a seed) answered without streaming has none.',
    offline: true,
  },
  pass,
);
