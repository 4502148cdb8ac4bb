import { chunkEvents } from '../decode/decode';
import { parseJson } from '../decode/json';
import type { Exchange, ScenarioRun } from '../types';
import { choicesOf } from './chunks';
import { askedToStream, isSuccessStatus, type StreamExchange } from './exchanges';

/** The fields a reply may carry its reasoning text in. */
export const REASONING_FIELDS = ['reasoning_content', 'reasoning'] as const;

/** One choice's answer, from a stream joined up or from a non-stream document. */
export interface Answer {
  content: string;
  reasoning: string;
  /** Which reasoning fields carried text. */
  reasoningFields: string[];
  /** Tool calls by index: name and joined arguments (ids are per request, so not compared). */
  tools: Array<{ name: string; arguments: string }>;
  finish?: unknown;
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown; total_tokens?: unknown };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Joins choice 0 of a stream into the answer a client would assemble. */
export function joinStream(exchange: StreamExchange): Answer {
  const answer: Answer = { content: '', reasoning: '', reasoningFields: [], tools: [] };
  for (const c of chunkEvents(exchange.response.sse)) {
    if (c.json.usage && typeof c.json.usage === 'object') answer.usage = c.json.usage as Answer['usage'];
    for (const choice of choicesOf(c.json)) {
      if (choice.index !== 0) continue;
      const delta = choice.delta ?? {};
      answer.content += text(delta.content);
      for (const field of REASONING_FIELDS) {
        const piece = text(delta[field]);
        if (piece === '') continue;
        answer.reasoning += piece;
        if (!answer.reasoningFields.includes(field)) answer.reasoningFields.push(field);
      }
      if (Array.isArray(delta.tool_calls)) {
        for (const f of delta.tool_calls) {
          if (typeof f !== 'object' || f === null || !Number.isInteger(f.index)) continue;
          const call = answer.tools[f.index] ?? { name: '', arguments: '' };
          answer.tools[f.index] = call;
          call.name ||= text(f.function?.name);
          call.arguments += text(f.function?.arguments);
        }
      }
      if (choice.finish_reason !== null && choice.finish_reason !== undefined)
        answer.finish ??= choice.finish_reason;
    }
  }
  answer.tools = answer.tools.filter(Boolean);
  return answer;
}

/** Reads choice 0 of a non-stream `chat.completion` body; undefined when it is not one. */
export function readCompletion(body: string): Answer | undefined {
  const parsed = parseJson(body);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return undefined;
  const doc = parsed.value as { choices?: unknown; usage?: unknown };
  const choice = Array.isArray(doc.choices) ? doc.choices[0] : undefined;
  if (typeof choice !== 'object' || choice === null) return undefined;
  const message = (choice as { message?: Record<string, unknown> }).message ?? {};
  const answer: Answer = {
    content: text(message.content),
    reasoning: '',
    reasoningFields: [],
    tools: [],
    finish: (choice as { finish_reason?: unknown }).finish_reason,
  };
  for (const field of REASONING_FIELDS) {
    if (text(message[field]) === '') continue;
    answer.reasoning += text(message[field]);
    answer.reasoningFields.push(field);
  }
  if (Array.isArray(message.tool_calls)) {
    for (const call of message.tool_calls) {
      answer.tools.push({ name: text(call?.function?.name), arguments: text(call?.function?.arguments) });
    }
  }
  if (doc.usage && typeof doc.usage === 'object') answer.usage = doc.usage as Answer['usage'];
  return answer;
}

/** Whether a request is deterministic by declaration: `temperature: 0` and an integer `seed`. */
export function declaredDeterministic(exchange: Exchange): boolean {
  const req = exchange.requestJson;
  return req?.temperature === 0 && Number.isInteger(req?.seed);
}

/** A deterministic request sent streamed and twice not streamed, with the answers received. */
export interface DeterministicPair {
  stream: StreamExchange;
  answers: Array<{ exchange: Exchange; answer: Answer }>;
}

function is2xx(exchange: Exchange): boolean {
  return isSuccessStatus(exchange.response?.status ?? 0);
}

/** The same conversation, so answers are comparable. */
function sameRequest(a: Exchange, b: Exchange): boolean {
  return JSON.stringify(a.requestJson?.messages) === JSON.stringify(b.requestJson?.messages);
}

/** The run's non-stream 2xx answers to the same declared-deterministic request as `stream`. */
function nonStreamAnswers(run: ScenarioRun, stream: Exchange): Exchange[] {
  return run.exchanges.filter(
    (e) => !askedToStream(e) && declaredDeterministic(e) && is2xx(e) && sameRequest(e, stream),
  );
}

/**
 * Whether `exchange` can be the stream of its run's deterministic pair, known before its events are
 * read: a streamed, declared-deterministic request with two non-stream 2xx answers to the same
 * request in the run. A reducer for a stream that cannot be paired has nothing to keep.
 */
export function canPair(run: ScenarioRun, exchange: Exchange): boolean {
  return (
    askedToStream(exchange) && declaredDeterministic(exchange) && nonStreamAnswers(run, exchange).length >= 2
  );
}

/**
 * The deterministic pair of a run, or why there is none to judge: it needs a stream read to its end
 * and two non-stream answers to the same `temperature: 0` + `seed` request, and those two answers
 * must agree — otherwise determinism is not established and nothing can be concluded.
 */
export function deterministicPair(run: ScenarioRun): DeterministicPair | { reason: string } {
  if (run.intent !== 'success') return { reason: 'only requests meant to succeed are judged' };
  const stream = run.exchanges.find(
    (e): e is StreamExchange =>
      declaredDeterministic(e) &&
      is2xx(e) &&
      askedToStream(e) &&
      Boolean(e.response?.sse) &&
      e.response!.end === 'eof',
  );
  if (!stream) return { reason: 'no streamed request with temperature 0 and a seed was read to its end' };
  const answers = nonStreamAnswers(run, stream)
    .map((exchange) => ({ exchange, answer: readCompletion(exchange.response!.body) }))
    .filter((a): a is { exchange: Exchange; answer: Answer } => a.answer !== undefined);
  if (answers.length < 2) {
    return {
      reason:
        'determinism not established: needs two non-stream answers to the same temperature-0, seeded request',
    };
  }
  const [first, second] = answers;
  if (!sameAnswer(first!.answer, second!.answer)) {
    return {
      reason: 'inconclusive: two non-stream answers to the same seeded, temperature-0 request already differ',
    };
  }
  return { stream, answers };
}

/** Whether two answers agree in content, reasoning, tool calls and finish reason. */
export function sameAnswer(a: Answer, b: Answer): boolean {
  return (
    a.content === b.content &&
    a.reasoning === b.reasoning &&
    a.finish === b.finish &&
    JSON.stringify(a.tools) === JSON.stringify(b.tools)
  );
}
