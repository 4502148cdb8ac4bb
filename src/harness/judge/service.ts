import { compileSchema, describeErrors } from '../../contract';
import type { CheckOutcome, Exchange, Finding, RecordedResponse, ScenarioRun } from '../types';

/** The outcome of a check that has nothing to judge in this run. */
export function notApplicable(reason: string): CheckOutcome {
  return { applies: false, reason };
}

/** Not applicable when the scenario could not be run meaningfully; undefined otherwise. */
export function whenSkipped(run: ScenarioRun): CheckOutcome | undefined {
  return run.skipped ? notApplicable(`scenario skipped: ${run.skipped}`) : undefined;
}

/** Whether an HTTP status is 2xx. */
export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}

/** The response's media type, lower-cased and without parameters ('' when absent). */
export function mediaType(response: RecordedResponse): string {
  return (response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Whether the response says it is JSON (`application/json` or a `+json` type). */
export function isJsonResponse(response: RecordedResponse): boolean {
  const type = mediaType(response);
  return type === 'application/json' || type.endsWith('+json');
}

/** The first `max` characters of a body, for evidence; marks an empty body explicitly. */
export function excerpt(body: string, max = 300): string {
  if (body === '') return '(empty body)';
  return body.length > max ? `${body.slice(0, max)}…` : body;
}

/** Status and content type, e.g. `HTTP 500 text/html`, the first line of most evidence. */
export function statusLine(response: RecordedResponse): string {
  return `HTTP ${response.status} ${response.headers['content-type'] ?? '(no content-type)'}`;
}

/** Parses a body as JSON without throwing. */
export function parseJson(body: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (e) {
    return { ok: false, problem: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * What keeps a response from being an OpenAI error envelope: a non-JSON content type, a body that
 * is not JSON, or one that does not validate as `ErrorResponse`. Empty when it is one.
 * @see ../../../openapi.yaml (components/schemas/ErrorResponse)
 */
export function envelopeProblems(response: RecordedResponse): string[] {
  const problems: string[] = [];
  if (!isJsonResponse(response)) problems.push(`content type is not JSON: ${mediaType(response) || 'none'}`);
  const parsed = parseJson(response.body);
  if (!parsed.ok) return [...problems, `body is not JSON (${parsed.problem})`];
  const validate = compileSchema('ErrorResponse');
  if (!validate(parsed.value)) {
    problems.push(...describeErrors(validate.errors).map((e) => `not an error envelope: ${e}`));
  }
  return problems;
}

/** Whether an exchange is a chat completion request (a POST that carried a JSON body). */
export function isChatRequest(exchange: Exchange): boolean {
  return exchange.request.method.toUpperCase() === 'POST' && exchange.requestJson !== undefined;
}

/**
 * What keeps a response from being a non-stream completion: a status other than 200, a non-JSON
 * content type (an event stream, typically), or a body that does not validate as `ChatCompletion`.
 * @see ../../../openapi.yaml (createChatCompletion, 200 application/json)
 */
export function completionProblems(response: RecordedResponse): string[] {
  const problems: string[] = [];
  if (response.status !== 200) problems.push(`status ${response.status}, not 200`);
  if (!isJsonResponse(response)) problems.push(`content type is not JSON: ${mediaType(response) || 'none'}`);
  const parsed = parseJson(response.body);
  if (!parsed.ok) return [...problems, `body is not JSON (${parsed.problem})`];
  const validate = compileSchema('ChatCompletion');
  if (!validate(parsed.value)) {
    problems.push(...describeErrors(validate.errors).map((e) => `not a chat.completion: ${e}`));
  }
  return problems;
}

/**
 * Judges the chat requests of a success run that `select` picks: each must get a `chat.completion`
 * JSON document; `what` describes the requests in findings ("stream: false").
 */
export function judgeCompletions(
  run: ScenarioRun,
  select: (exchange: Exchange) => boolean,
  what: string,
  noneReason: string,
): CheckOutcome {
  const skipped = whenSkipped(run);
  if (skipped) return skipped;
  if (run.intent !== 'success') return notApplicable('only requests meant to succeed are judged');
  const targets = run.exchanges.filter((e) => isChatRequest(e) && select(e));
  if (targets.length === 0) return notApplicable(noneReason);
  const findings: Finding[] = [];
  for (const exchange of targets) {
    const response = exchange.response;
    if (!response) {
      findings.push({ message: 'no response arrived', exchange: exchange.label });
      continue;
    }
    const problems = completionProblems(response);
    if (problems.length > 0) {
      findings.push({
        message: `${what} did not get a chat.completion document: ${problems.join('; ')}`,
        evidence: [statusLine(response), excerpt(response.body)],
        exchange: exchange.label,
      });
    }
  }
  return { applies: true, findings };
}
