import { createHash } from 'node:crypto';
import {
  type Answer,
  canPair,
  choicesOf,
  deterministicPair,
  entry,
  FindingLog,
  idleReducer,
  notApplicable,
  REASONING_FIELDS,
  type SinglePass,
  show,
  singlePassCheck,
  whenSkipped,
} from '../judge';

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

/** Longest start of a text an excerpt needs, one past what it shows so it knows to cut. */
const EXCERPT_KEEP = 201;

/**
 * A text joined from pieces, kept as its start, its length and a digest of its UTF-16 code units:
 * enough to tell it equal to another text and to quote its excerpt, in constant memory.
 */
class Joined {
  start = '';
  length = 0;
  private readonly hash = createHash('sha256');

  add(piece: string): void {
    if (piece === '') return;
    if (this.start.length < EXCERPT_KEEP) this.start += piece.slice(0, EXCERPT_KEEP - this.start.length);
    this.length += piece.length;
    this.hash.update(Buffer.from(piece, 'utf16le'));
  }

  private digested: string | undefined;

  /** Whether the joined text is `text`. */
  equals(text: string): boolean {
    this.digested ??= this.hash.digest('hex');
    return this.length === text.length && this.digested === digest(text);
  }

  /**
   * A stand-in for the joined text next to `other`: `other` itself when they are equal, else a text
   * that differs from `other` and has the joined text's excerpt.
   */
  standIn(other: string): string {
    if (this.equals(other)) return other;
    if (this.length === this.start.length) return this.start;
    // Past the excerpt, one character that is not other's makes the stand-in differ from it too.
    return this.start + (other.charAt(this.start.length) === 'x' ? 'y' : 'x');
  }
}

function digest(text: string): string {
  return createHash('sha256').update(Buffer.from(text, 'utf16le')).digest('hex');
}

/** Choice 0 of a stream as a client joins it, kept in {@link Joined} form. */
interface StreamedAnswer {
  content: Joined;
  reasoning: Joined;
  /** Tool calls by index (an array index, as a client's list would hold them). */
  tools: Map<number, { name: string; arguments: Joined }>;
  finish?: unknown;
  usage?: Answer['usage'];
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The differences {@link parityDifferences} finds, from a stream kept in joined form. */
function joinedDifferences(
  streamed: StreamedAnswer,
  reference: Answer,
): Array<{ message: string; evidence: string[] }> {
  const calls = [...streamed.tools.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
  const tools = calls.map((call, i) => ({
    name: call.name,
    arguments: call.arguments.standIn(reference.tools[i]?.arguments ?? ''),
  }));
  return parityDifferences(
    {
      content: streamed.content.standIn(reference.content),
      reasoning: streamed.reasoning.standIn(reference.reasoning),
      reasoningFields: [],
      tools,
      finish: streamed.finish,
      ...(streamed.usage ? { usage: streamed.usage } : {}),
    },
    reference,
  );
}

const pass: SinglePass<StreamedAnswer> = {
  reduce({ run, exchange }) {
    const out: StreamedAnswer = { content: new Joined(), reasoning: new Joined(), tools: new Map() };
    // Judged only as the stream of a deterministic pair: any other stream is never read.
    if (!canPair(run, exchange)) return idleReducer(out);
    return {
      event(c) {
        if (c.kind !== 'chunk') return;
        if (c.json.usage && typeof c.json.usage === 'object') out.usage = c.json.usage as Answer['usage'];
        for (const choice of choicesOf(c.json)) {
          if (choice.index !== 0) continue;
          const delta = choice.delta ?? {};
          out.content.add(text(delta.content));
          for (const field of REASONING_FIELDS) out.reasoning.add(text(delta[field]));
          if (Array.isArray(delta.tool_calls)) {
            for (const f of delta.tool_calls) {
              // Only what an array keeps by index: a client's list has no negative or huge indexes.
              if (typeof f !== 'object' || f === null || !Number.isInteger(f.index)) continue;
              if (f.index < 0 || f.index >= 2 ** 32 - 1) continue;
              const call = entry(out.tools, f.index as number, () => ({ name: '', arguments: new Joined() }));
              call.name ||= text(f.function?.name);
              call.arguments.add(text(f.function?.arguments));
            }
          }
          if (choice.finish_reason !== null && choice.finish_reason !== undefined)
            out.finish ??= choice.finish_reason;
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
    const log = new FindingLog(pair.stream.label);
    for (const d of joinedDifferences(read(pair.stream).result, pair.answers[0]!.answer))
      log.add(d.message, d.evidence.length > 0 ? { evidence: d.evidence } : {});
    return { applies: true, findings: log.findings() };
  },
};

/**
 * At temperature 0 with a seed, the joined stream equals the non-stream message: content, tool
 * calls, finish reason and usage totals; inconclusive when two non-stream answers already differ.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-seed
 */
export const streamParity = singlePassCheck(
  {
    id: 'stream-parity',
    severity: 'should',
    rule: 'At temperature 0 with a seed, the joined stream equals the non-stream message in content, tool calls, finish reason and usage totals (inconclusive when two non-stream answers already differ).',
    offline: true,
  },
  pass,
);
