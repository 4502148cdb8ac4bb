import { type KeepLines, SseReader, type SseTranscript } from '../../sse';
import { classifyStream, StreamClassifier, streamClasses } from '../decode/classify';
import { decodeEvent, decodeEvents, newDecoding } from '../decode/decode';
import { isRecord, parseJson } from '../decode/json';
import type { StreamExchange } from '../judge/exchanges';
import { StreamPasses } from '../judge/passRunner';
import type { StreamView } from '../judge/singlePass';
import { crashedCheck, verdictFor } from '../judge/verdicts';
import { CHECKS } from '../registry';
import { didYouMean } from '../suggest';
import type { Check, CheckResult, Exchange, Finding, Intent, Profile, Report, ScenarioRun } from '../types';
import { HarnessFailure } from '../types';
import { toolVersion } from '../version';
import { exchangeFrom } from './recorded';

/** What a recording's optional sidecar (`FILE.json`) says about it. */
export interface Sidecar {
  request?: Record<string, unknown>;
  status?: number;
  headers?: Record<string, string>;
  intent?: Intent;
}

/** One recorded response to check: its bytes as a stream, so huge files are never held whole. */
export interface TranscriptSource {
  /** Becomes the scenario name in the report (e.g. the file name). */
  name: string;
  body: AsyncIterable<Uint8Array | string>;
  sidecar?: Sidecar;
  /**
   * Keep raw lines for evidence (default true). `unusual` keeps only those the events cannot
   * rebuild (evidence stays complete); false keeps none, and findings come without quoted lines.
   */
  keepLines?: KeepLines;
}

/** Options of {@link checkTranscripts}. */
export interface TranscriptOptions {
  profile?: Profile;
  only?: string[];
  skip?: string[];
  checks?: readonly Check[];
  /** Text for the report's `target`. */
  target?: string;
  now?: () => number;
  /**
   * Read each stream in one pass with the checks' reducers (default true); false reads every
   * recording whole and runs each check's `run`, as a check without a single-pass form requires.
   */
  onePass?: boolean;
}

/** Body text kept per recording; the events are decoded from the full stream regardless. */
const BODY_EXCERPT_CHARS = 64 * 1024;

/** Raw lines a streamed recording keeps, most recent first, for quoting the event being judged. */
export const QUOTE_WINDOW_LINES = 1024;

/** Reads a source's bytes, keeping the start of the body as text and handing every chunk on. */
async function readBody(
  source: TranscriptSource,
  streaming: boolean,
  push: (chunk: Uint8Array | string) => void,
): Promise<string> {
  const text = new TextDecoder();
  let body = '';
  try {
    for await (const chunk of source.body) {
      push(chunk);
      if (body.length < BODY_EXCERPT_CHARS || !streaming) {
        body += typeof chunk === 'string' ? chunk : text.decode(chunk, { stream: true });
      }
    }
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new HarnessFailure('transcript-unreadable', `${source.name}: ${why}`);
  }
  return streaming ? body.slice(0, BODY_EXCERPT_CHARS) : body;
}

/** A recording read in one pass: its run (events not kept), the checks judged on the way, its stream class. */
export interface StreamedTranscript {
  run: ScenarioRun;
  passes: StreamPasses;
  /** How a client would class the stream, from the same pass. */
  classifier: StreamClassifier;
}

/**
 * Reads one streamed recording in constant memory: bytes → lines → events → decoded events → the
 * reducer of every check in `checks` that has one, keeping no event. Returns undefined for a
 * recording that is not an event stream (read it with {@link runFromTranscript}).
 */
export async function streamTranscript(
  source: TranscriptSource,
  checks: readonly Check[],
): Promise<StreamedTranscript | undefined> {
  const sidecar = source.sidecar ?? {};
  const base = exchangeFrom({ body: '', label: 'recorded', ...sidecarFields(sidecar) });
  const response = base.response!;
  if (!response.sse) return undefined;
  const exchange = base as StreamExchange;
  const run: ScenarioRun = { scenario: source.name, intent: sidecar.intent ?? 'success', exchanges: [base] };
  const classifier = new StreamClassifier();
  const decoding = newDecoding();
  // Without a recorded request the model asked for is unknown: take the one the stream names first.
  let modelKnown = Boolean(sidecar.request) || !base.requestJson;
  let events = 0;
  let transcript: SseTranscript | undefined;
  let reader: SseReader | undefined;
  const view: StreamView = {
    lines: (first, last = first) => reader!.recentLines(first, last),
    issues: () => transcript?.issues ?? [],
    lineCount: () => reader!.linesRead,
    linesAfterLastEvent: () => reader!.linesAfterLastEvent(),
  };
  const passes = new StreamPasses(checks, exchange, run, view);
  reader = new SseReader({
    keepLines: false,
    keepEvents: false,
    window: QUOTE_WINDOW_LINES,
    onEvent(event) {
      events++;
      const d = decodeEvent(event, decoding);
      classifier.event(d);
      if (!modelKnown && d.kind !== 'invalid-json' && d.kind !== 'done')
        modelKnown = adoptModel(exchange, d.json);
      passes.event(d);
    },
    ...(passes.readsLines ? { onOtherLine: (line) => passes.line(line.text, line.index) } : {}),
  });
  response.body = await readBody(source, true, (chunk) => reader.push(chunk));
  transcript = reader.end();
  response.sse = transcript;
  // As in runFromTranscript: without a sidecar, a body with no event at all is the wrong file.
  const notStream = events === 0 && !source.sidecar ? notAnEventStream(response.body, transcript) : undefined;
  if (notStream) throw new HarnessFailure('not-a-transcript', `${source.name}: ${notStream}`);
  if (!sidecar.intent && classifier.errorFrame) run.intent = 'fault';
  passes.end();
  return { run, passes, classifier };
}

/** Takes the model a decoded event names as the one asked for; whether it named one. */
function adoptModel(exchange: Exchange, json: unknown): boolean {
  const model = isRecord(json) ? json.model : undefined;
  if (typeof model !== 'string') return false;
  // A copy: the default request is shared.
  exchange.requestJson = { ...exchange.requestJson, model };
  exchange.request.body = JSON.stringify(exchange.requestJson);
  return true;
}

/** Reads one source into a ScenarioRun, decoding SSE as the bytes stream in. */
export async function runFromTranscript(source: TranscriptSource): Promise<ScenarioRun> {
  const sidecar = source.sidecar ?? {};
  const base = exchangeFrom({ body: '', label: 'recorded', ...sidecarFields(sidecar) });
  const response = base.response!;
  const streaming = Boolean(response.sse);
  const reader = streaming ? new SseReader({ keepLines: source.keepLines ?? true }) : undefined;
  response.body = await readBody(source, streaming, (chunk) => reader?.push(chunk));
  if (reader) response.sse = reader.end();
  // A sidecar says what the recording is (e.g. a 200 that sent nothing is a defect to judge);
  // without one, a body with no event at all is the wrong file, not a stream.
  const notStream =
    response.sse && !source.sidecar ? notAnEventStream(response.body, response.sse) : undefined;
  if (notStream) throw new HarnessFailure('not-a-transcript', `${source.name}: ${notStream}`);
  if (!response.sse) return { scenario: source.name, intent: sidecar.intent ?? 'success', exchanges: [base] };
  // The same reading as the one-pass path, over the decoded events the checks share: without a
  // recorded request, the model asked for is the first one the stream names (so model checks judge
  // consistency, not a placeholder); without a recorded intent, an error frame makes it a fault.
  const classifier = new StreamClassifier();
  let modelKnown = Boolean(sidecar.request) || !base.requestJson;
  for (const d of decodeEvents(response.sse)) {
    classifier.event(d);
    if (!modelKnown && d.kind !== 'invalid-json' && d.kind !== 'done') modelKnown = adoptModel(base, d.json);
  }
  const intent = sidecar.intent ?? (classifier.errorFrame ? 'fault' : 'success');
  return { scenario: source.name, intent, exchanges: [base] };
}

/**
 * Why a recording judged as a stream holds no stream at all, or undefined: checks run on nothing
 * would report made-up defects (an empty file "lacks [DONE]"), so the command stops instead.
 */
export function notAnEventStream(body: string, sse: SseTranscript): string | undefined {
  if (sse.events.length > 0) return undefined;
  const text = body.trim();
  if (text === '') return 'empty file: nothing to check';
  const parsed = parseJson(text);
  if (parsed.ok && isRecord(parsed.value)) {
    const object = parsed.value.object;
    if (object === 'chat.completion')
      return 'not an event stream (looks like a JSON chat.completion): record the response of a request with "stream": true';
    if (isRecord(parsed.value.error)) return 'not an event stream (looks like a JSON error response)';
    return 'not an event stream (looks like a JSON document)';
  }
  return 'not an event stream: no data: lines';
}

function sidecarFields(s: Sidecar) {
  return {
    ...(s.request ? { request: s.request } : {}),
    ...(s.status !== undefined ? { status: s.status } : {}),
    ...(s.headers ? { headers: s.headers } : {}),
  };
}

/** Line numbers from the event a finding names, when it quotes none (the event's first raw line). */
function withLine<T extends Pick<Finding, 'event' | 'lines'>>(where: T, run: ScenarioRun): T {
  if (where.lines?.length || where.event === undefined) return where;
  const event = run.exchanges[0]?.response?.sse?.events[where.event - 1];
  return event ? { ...where, lines: [event.firstLine + 1] } : where;
}

/**
 * A result located in its recording: it and each finding name the file (`source`) and a raw line
 * number, so every location reads `file.sse:5`.
 */
/** A result located in its recording: `source` names the file, and lines come from the event when none is quoted. */
export function fromFile(r: CheckResult, run: ScenarioRun): CheckResult {
  const out = withLine({ ...r, source: run.scenario }, run);
  if (r.findings) out.findings = r.findings.map((f) => withLine({ ...f, source: run.scenario }, run));
  return out;
}

/**
 * Applies every offline check to recorded streams (`check-transcript`). A recording's intent is its
 * sidecar's, else `fault` when it holds an in-band error frame, else `success`. Checks that do not
 * apply to a recording give no row (no skip rows: a transcript is not a scenario list). Every
 * result and finding names its file in `source` and carries raw line numbers, so locations read
 * `file.sse:5`. An empty file or a non-stream body without a sidecar stops with `not-a-transcript`.
 *
 * A stream is read in one pass and constant memory: each check's single-pass form sees the decoded
 * events as they arrive and none is kept. When a selected check has no single-pass form and reads
 * events (a check added without one), every recording is read whole instead, as its `run` needs.
 * @example
 * const report = await checkTranscripts([{ name: 'cut.sse', body: fs.createReadStream('cut.sse') }]);
 */
export async function checkTranscripts(
  sources: Iterable<TranscriptSource>,
  options: TranscriptOptions = {},
): Promise<Report> {
  const now = options.now ?? Date.now;
  const started = now();
  const profile = options.profile ?? 'strict';
  const all = (options.checks ?? CHECKS).filter((c) => c.offline);
  const unknown = [...(options.only ?? []), ...(options.skip ?? [])].filter(
    (id) => !all.some((c) => c.id === id),
  );
  if (unknown.length > 0) {
    const ids = all.map((c) => c.id);
    const named = unknown.map((id) => `${id}${didYouMean(id, ids)}`).join(', ');
    throw new HarnessFailure('bad-arguments', `unknown offline check id: ${named}`);
  }
  const checks = all.filter(
    (c) => (!options.only?.length || options.only.includes(c.id)) && !options.skip?.includes(c.id),
  );
  const results: Report['results'] = [];
  const streams: Report['streams'] = [];
  const names: string[] = [];
  // A check that reads events without a single-pass form needs them kept: then the recording is
  // read whole, as before, and every check runs on it.
  const singlePass = options.onePass !== false && checks.every((c) => c.pass || c.eventFree);
  // One recording at a time, so only one large transcript is in memory at once.
  for (const source of sources) {
    const streamed = singlePass ? await streamTranscript(source, checks) : undefined;
    const run = streamed?.run ?? (await runFromTranscript(source));
    for (const check of checks) {
      try {
        const outcome = streamed?.passes.has(check)
          ? streamed.passes.outcome(check, run)
          : check.run(run, { profile });
        const r = verdictFor(check, run, outcome, profile);
        if (r) results.push(fromFile(r, run));
      } catch (err) {
        results.push(fromFile(crashedCheck(check, run, err, profile), run));
      }
    }
    const classify = streamed ? (e: Exchange) => classifyStream(e, streamed.classifier) : undefined;
    streams.push(...streamClasses([run], classify));
    names.push(run.scenario);
  }
  const summary = { pass: 0, fail: 0, warn: 0, skip: 0, deselected: all.length - checks.length };
  for (const r of results) summary[r.verdict]++;
  const report: Report = {
    schemaVersion: 1,
    toolVersion: toolVersion(),
    command: 'check-transcript',
    target: options.target ?? names.join(', '),
    profile,
    summary,
    results,
    streams,
    clients: [],
    startedAt: new Date(started).toISOString(),
    durationMs: Math.max(0, now() - started),
  };
  return report;
}
