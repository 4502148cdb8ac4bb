import { envelopeProblems, isSuccessStatus, parseJson } from '../judge';
import type { Exchange } from '../types';
import type { ProbeResult } from './types';

/** A non-stream answer as a probe reads it: the choices and the usage, loosely typed. */
export interface Answer {
  choices: Array<{
    index?: unknown;
    finish_reason?: unknown;
    message?: { content?: unknown; tool_calls?: Array<{ function?: { name?: unknown } }> };
  }>;
  usage?: { completion_tokens?: unknown };
  service_tier?: unknown;
}

/** A short excerpt for evidence. */
export function clip(text: string, max = 160): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The result a probe gives when the request was not answered with a 2xx; undefined when it was. */
export function unanswered(parameter: string, exchange: Exchange): ProbeResult | undefined {
  const response = exchange.response;
  if (!response) {
    return {
      parameter,
      verdict: 'inconclusive',
      evidence: [`no response: ${exchange.failure?.message ?? 'none'}`],
    };
  }
  if (isSuccessStatus(response.status)) return undefined;
  const status = `HTTP ${response.status}`;
  if (response.status >= 400 && response.status < 500 && envelopeProblems(response).length === 0) {
    const error = (parseJson(response.body) as { value?: { error?: { message?: unknown } } }).value?.error;
    return { parameter, verdict: 'refused', evidence: [`${status}: ${String(error?.message ?? '')}`] };
  }
  return {
    parameter,
    verdict: 'inconclusive',
    evidence: [`${status} without a usable answer: ${clip(response.body)}`],
  };
}

/** The parsed non-stream answer, or undefined when the body is not a completion. */
export function answerOf(exchange: Exchange): Answer | undefined {
  const parsed = parseJson(exchange.response?.body ?? '');
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return undefined;
  const doc = parsed.value as Answer;
  return Array.isArray(doc.choices) ? doc : undefined;
}

/** Choice 0's content as text ('' when absent). */
export function contentOf(answer: Answer): string {
  const content = answer.choices[0]?.message?.content;
  return typeof content === 'string' ? content : '';
}

/** The result for a 2xx body that is not a completion. */
export function notACompletion(parameter: string, exchange: Exchange): ProbeResult {
  return {
    parameter,
    verdict: 'inconclusive',
    evidence: [`the 2xx body is not a chat.completion: ${clip(exchange.response?.body ?? '')}`],
  };
}

/** Sends one request and reads its answer, or says why there is none to judge. */
export async function ask(
  parameter: string,
  send: () => Promise<Exchange>,
): Promise<{ answer: Answer; exchange: Exchange } | { result: ProbeResult }> {
  const exchange = await send();
  const failed = unanswered(parameter, exchange);
  if (failed) return { result: failed };
  const answer = answerOf(exchange);
  return answer ? { answer, exchange } : { result: notACompletion(parameter, exchange) };
}
