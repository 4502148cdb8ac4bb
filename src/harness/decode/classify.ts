import type { Exchange, Report, ScenarioRun, StreamClass } from '../types';
import { type DecodedEvent, decodeEvents, hasFinish } from './decode';
import { isRecord, parseJson } from './json';

/**
 * How a client would experience a response: `success` (a finish, `[DONE]`, no error frame and every
 * event decodable), `failed-with-error` (an in-band `data: {"error":…}` frame or a non-2xx status),
 * `corrupt` (an event whose data is not JSON: a client's parser raises there, so a finish and
 * `[DONE]` after it do not make a success) or `truncated` (none of these — what a bare disconnect
 * looks like). A JSON (non-stream) answer is a success when it is a completion with a finish reason.
 * @see ../../../openapi.yaml (failure rules of createChatCompletion)
 * @example classifyStream(run.exchanges[0]) // 'failed-with-error'
 */
export function classifyStream(exchange: Exchange, fed?: StreamClassifier): StreamClass {
  const response = exchange.response;
  if (!response) return 'truncated';
  if (response.status < 200 || response.status >= 300) return 'failed-with-error';
  if (response.sse) {
    if (fed) return fed.result();
    const classifier = new StreamClassifier();
    for (const e of decodeEvents(response.sse)) classifier.event(e);
    return classifier.result();
  }
  return classifyJson(response.body);
}

/** The class of an event stream, read one decoded event at a time (see {@link classifyStream}). */
export class StreamClassifier {
  private finished = false;
  private done = false;
  private corrupt = false;
  /** Whether an in-band error frame came. */
  errorFrame = false;

  event(e: DecodedEvent): void {
    if (e.kind === 'error') this.errorFrame = true;
    else if (e.kind === 'invalid-json') this.corrupt = true;
    else if (e.kind === 'done') this.done = true;
    else if (e.kind === 'chunk' && !this.finished && hasFinish(e.json)) this.finished = true;
  }

  result(): StreamClass {
    if (this.errorFrame) return 'failed-with-error';
    if (this.corrupt) return 'corrupt';
    return this.finished && this.done ? 'success' : 'truncated';
  }
}

function classifyJson(body: string): StreamClass {
  const parsed = parseJson(body);
  if (!parsed.ok || !isRecord(parsed.value)) return 'truncated';
  const { error, choices } = parsed.value;
  if (error !== undefined && error !== null) return 'failed-with-error';
  const list = Array.isArray(choices) ? choices : [];
  return list.length > 0 && list.every((c) => isRecord(c) && c.finish_reason != null)
    ? 'success'
    : 'truncated';
}

/** How a client would experience each streamed exchange (requests meant to be rejected are not streams). */
export function streamClasses(
  runs: readonly ScenarioRun[],
  classify: (exchange: Exchange) => StreamClass = classifyStream,
): Report['streams'] {
  return runs.flatMap((run) =>
    (run.intent === 'invalid' ? [] : run.exchanges)
      .filter((e) => e.response?.sse || e.requestJson?.stream === true)
      .map((e) => ({ scenario: run.scenario, exchange: e.label, class: classify(e) })),
  );
}
