import { compileSchema, describeErrors } from '../../contract';
import { parseJson } from '../decode/json';
import type { CheckOutcome, Exchange, RecordedResponse, ScenarioRun } from '../types';
import { excerpt, isChatRequest, isJsonResponse, mediaType, statusLine } from './exchanges';
import { eachExchange, notApplicable, whenSkipped } from './findings';

export { isRecord, parseJson } from '../decode/json';

/** The response's media type, or `none`, for messages. */
function typeOf(response: RecordedResponse): string {
  return mediaType(response.headers['content-type']) || 'none';
}

/**
 * What keeps a response from being an OpenAI error envelope: a non-JSON content type, a body that
 * is not JSON, or one that does not validate as `ErrorResponse`. Empty when it is one.
 * @see ../../../openapi.yaml (components/schemas/ErrorResponse)
 */
export function envelopeProblems(response: RecordedResponse): string[] {
  const problems: string[] = [];
  if (!isJsonResponse(response)) problems.push(`content type is not JSON: ${typeOf(response)}`);
  const parsed = parseJson(response.body);
  if (!parsed.ok) return [...problems, `body is not JSON (${parsed.problem})`];
  const validate = compileSchema('ErrorResponse');
  if (!validate(parsed.value)) {
    problems.push(...describeErrors(validate.errors).map((e) => `not an error envelope: ${e}`));
  }
  return problems;
}

/**
 * What keeps a response from being a non-stream completion: a status other than 200, a non-JSON
 * content type (an event stream, typically), or a body that does not validate as `ChatCompletion`.
 * @see ../../../openapi.yaml (createChatCompletion, 200 application/json)
 */
export function completionProblems(response: RecordedResponse): string[] {
  const problems: string[] = [];
  if (response.status !== 200) problems.push(`status ${response.status}, not 200`);
  if (!isJsonResponse(response)) problems.push(`content type is not JSON: ${typeOf(response)}`);
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
  return eachExchange(targets, noneReason, (exchange, log) => {
    const response = exchange.response;
    if (!response) {
      log.add('no response arrived');
      return;
    }
    const problems = completionProblems(response);
    if (problems.length > 0) {
      log.add(`${what} did not get a chat.completion document: ${problems.join('; ')}`, {
        evidence: [statusLine(response), excerpt(response.body)],
      });
    }
  });
}
