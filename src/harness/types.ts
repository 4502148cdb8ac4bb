import type { SseTranscript } from '../sse';
import type { SinglePass } from './judge/singlePass';

/** How binding a check's rule is: a `must` failure fails the run, a `should` failure warns. */
export type Severity = 'must' | 'should';
/** One check's verdict on one scenario. */
export type Verdict = 'pass' | 'fail' | 'warn' | 'skip';
/** `strict` judges by the contract; `compatible` relaxes to warnings what major servers do and clients survive. */
export type Profile = 'strict' | 'compatible';
/**
 * What a stream amounts to, as a client would experience it:
 * `success` (a finish and `[DONE]`, no error, every event decodable), `failed-with-error` (an
 * in-band error frame or a non-2xx status), `corrupt` (an event whose data is not JSON and not
 * `[DONE]`: a client's parser raises on it, whatever follows — a relayed malformed chunk followed by
 * `finish_reason: "stop"` and `[DONE]` is not a success), `truncated` (no finish, no error, no
 * `[DONE]` — what a bare disconnect looks like).
 */
export type StreamClass = 'success' | 'failed-with-error' | 'corrupt' | 'truncated';

/**
 * Why the run itself (not the target's behaviour) failed. These are harness failures, distinct from
 * findings; the CLI exits 2 on them.
 */
export type HarnessFailureCode =
  | 'target-unreachable'
  | 'timeout'
  | 'bad-arguments'
  | 'transcript-unreadable'
  // A recording that is empty or holds no event stream (e.g. a JSON chat.completion).
  | 'not-a-transcript'
  // The target answers, but not as configured: base URL without /v1, a model it does not serve,
  // credentials refused, or --require-faults without a way to inject faults.
  | 'misconfigured'
  | 'internal';

/** A harness failure with its stable code. */
export class HarnessFailure extends Error {
  constructor(
    readonly code: HarnessFailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'HarnessFailure';
  }
}

/** A request exactly as the harness sent it. */
export interface RecordedRequest {
  method: string;
  url: string;
  /** Headers as sent; reporters redact `authorization` and key-like headers. */
  headers: Record<string, string>;
  /** Raw body text as sent (may be deliberately invalid JSON). */
  body?: string;
}

/** How reading a response ended. */
export type ReadEnd =
  | 'eof' // the server ended the response
  | 'timeout' // --timeout-ms passed before the end
  | 'max-events' // --max-events reached (or 16 raw lines or 16 KiB per allowed event); the harness stopped reading
  | 'aborted' // the scenario aborted on purpose (abort scenarios)
  | 'network-error'; // the connection failed (reset, refused mid-way)

/** A response as received. Times are ms since the request was sent. */
export interface RecordedResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Body text (bounded); for SSE responses also decoded in `sse`. */
  body: string;
  /** Set when the content type is `text/event-stream`, or when the scenario asked for a stream. */
  sse?: SseTranscript;
  firstByteAt?: number;
  endedAt: number;
  end: ReadEnd;
  /** Message of the network error when `end` is `network-error`. */
  error?: string;
}

/** One request/response pair of a scenario. */
export interface Exchange {
  /** A label within the scenario, e.g. `stream`, `after-abort`, `concurrent-3`. */
  label: string;
  request: RecordedRequest;
  /** The JSON body that was sent, when it was JSON (checks read `stream`, `n`, `stream_options`…). */
  requestJson?: Record<string, unknown>;
  /** Absent when no response arrived at all (connection refused before headers). */
  response?: RecordedResponse;
  /** Why no response arrived, when `response` is absent: refused/reset, or no headers in time. */
  failure?: { end: 'timeout' | 'network-error'; message: string };
}

/**
 * What a scenario set out to show; checks use it to decide whether they apply.
 * - `success`: a normal request that must succeed.
 * - `invalid`: a request the server must reject with 4xx.
 * - `fault`: a request carrying an injected fault; the server must report a failure.
 */
export type Intent = 'success' | 'invalid' | 'fault';

/** Everything one scenario recorded. */
export interface ScenarioRun {
  /** Scenario id, e.g. `basic-stream`, `fault-mid-stream`. */
  scenario: string;
  intent: Intent;
  exchanges: Exchange[];
  /** Where the fault was injected, for fault scenarios: matches a FaultMode of the directive grammar. */
  fault?: string;
  /** Facts the scenario learned that checks may need (e.g. models listed, upstream request log). */
  facts?: {
    /** The model requested by the harness. */
    model?: string;
    /** Model ids from `GET /models`. */
    listedModels?: string[];
    /** From the fake upstream: whether the upstream request of this scenario saw its client abort. */
    upstreamAborted?: boolean;
    /** What official clients made of the failure: client name → outcome. */
    clientOutcomes?: Record<string, 'raised error' | 'looked successful' | 'hung' | 'not run'>;
    /** The user declared that the target enforces an API key (`--expect-auth`): auth checks apply. */
    authExpected?: boolean;
    /**
     * The user declared that the target honours `[[chat-contract:…]]` directives (the built-in
     * server, `--fault-directives`, or `--fault-upstream`, whose fake upstream honours them). Checks
     * that judge a stream by what a directive asked for apply only then.
     */
    directivesHonoured?: boolean;
  };
  /** Set when the scenario could not be run meaningfully (e.g. no fault injection available). */
  skipped?: string;
}

/**
 * One defect found by a check. Its location is data: the exchange, the event and the raw lines it
 * quotes; `message` is prose only and no code reads meaning out of it.
 */
export interface Finding {
  /** What is wrong, in prose, without the location (reporters build that from the fields). */
  message: string;
  /** The exchange label the finding is about. */
  exchange?: string;
  /** 1-based number of the event (in that exchange's stream) the finding is about. */
  event?: number;
  /** 1-based numbers of the raw lines `evidence` quotes, when it quotes raw stream lines. */
  lines?: number[];
  /** Offending raw lines (SSE lines or a body excerpt), quoted as received. */
  evidence?: string[];
  /**
   * Set when the `compatible` profile tolerates this defect (clients still work): the finding
   * becomes a warning there. The value names the relaxation (listed in the README).
   */
  relaxed?: string;
  /** Set on the summary finding that stands for this many findings left out by the per-check cap. */
  omitted?: number;
  /**
   * The recording the finding is in, when it came from a file (`check-transcript`): locations then
   * read `file.sse:5`, with the raw line number.
   */
  source?: string;
}

/** A check's answer for one scenario. */
export type CheckOutcome = { applies: true; findings: Finding[] } | { applies: false; reason?: string };

/** Context a check runs in. */
export interface CheckContext {
  profile: Profile;
}

/**
 * A conformance check: one file each, named by its id.
 * @example
 * export const stableId: Check = { id: 'stable-id', severity: 'must', rule: '…', offline: true, run };
 */
export interface Check {
  id: string;
  severity: Severity;
  /** Severity in the compatible profile, when it differs. */
  compatibleSeverity?: Severity;
  /** One normative sentence. */
  rule: string;
  /** True when the check needs only a recorded stream (usable by `check-transcript`). */
  offline: boolean;
  run(run: ScenarioRun, ctx: CheckContext): CheckOutcome;
  /**
   * The check's single-pass form, from which `run` is derived: `check-transcript` feeds it events
   * as a recording streams in instead of keeping them.
   */
  pass?: SinglePass<unknown>;
  /** True when `run` reads no stream events (status, headers, JSON bodies only). */
  eventFree?: boolean;
}

/** One line of a report: one check's verdict on one scenario, with where its first finding is. */
export interface CheckResult {
  scenario: string;
  check: string;
  verdict: Verdict;
  severity: Severity;
  /** The check's normative rule. */
  rule: string;
  /** Prose: `ok`, the first finding's message, or why the check was skipped. */
  message: string;
  /** Location of the first finding. */
  exchange?: string;
  event?: number;
  /** 1-based raw line numbers quoted in `evidence`. */
  lines?: number[];
  evidence?: string[];
  /** Findings beyond the first (including those the per-check cap left out). */
  more?: number;
  /** The findings shown (capped per exchange), each with its own location. */
  findings?: Finding[];
  /** Set when every finding is tolerated by the compatible profile: the tolerances' names. */
  tolerated?: string[];
  /** A curl command that reproduces the scenario's request (keys redacted). */
  curl?: string;
  /** The recording the result is about, when it came from a file (`check-transcript`). */
  source?: string;
}

/** Scenario name of the rows for checks that judged nothing (no scenario they apply to ran). */
export const NOT_RUN = 'not-run';

/** One recorded exchange's timing, for reports (JUnit `time`, the JSON `exchanges`). */
export interface ExchangeTiming {
  scenario: string;
  exchange: string;
  /** HTTP status, when a response arrived. */
  status?: number;
  /** From sending the request to the end of reading the response (or giving up). */
  durationMs: number;
}

/** The stable, versioned JSON report. */
export interface Report {
  schemaVersion: 1;
  /** The chat-contract version that produced the report. */
  toolVersion?: string;
  /** The command that produced it: `check` drives a target, `check-transcript` reads recordings. */
  command?: 'check' | 'check-transcript';
  target: string;
  profile: Profile;
  /** Result counts by verdict; `deselected` counts the checks `--only`/`--skip` left out (no rows). */
  summary: { pass: number; fail: number; warn: number; skip: number; deselected?: number };
  /**
   * Whether the failure scenarios ran: `untested` when they were selected but the target could not
   * be told to fail (no fault injection); absent when none was selected.
   */
  failureHandling?: 'tested' | 'untested';
  results: CheckResult[];
  /** Per streamed exchange: how a client would experience it. */
  streams: Array<{ scenario: string; exchange: string; class: StreamClass }>;
  /** Per recorded exchange: its status and how long it took. */
  exchanges?: ExchangeTiming[];
  /** Per fault scenario: what official clients made of it (always present in JSON, maybe empty). */
  clients?: Array<{ scenario: string; client: string; outcome: string }>;
  /** With `--probes`: which request parameters the target honours (`chat-contract probe`). */
  probes?: ProbeResult[];
  startedAt: string;
  durationMs: number;
  /**
   * Set when the run was repeated (`--repeat N`): how many runs, and the checks that failed in some
   * runs and passed in others (their rows say `fail`, the worst verdict seen).
   */
  repeat?: { runs: number; intermittent: IntermittentResult[] };
}

/** A check that failed in some runs of a repeated scenario and passed in others. */
export interface IntermittentResult {
  scenario: string;
  check: string;
  severity: Severity;
  /** Runs in which the check failed (or warned), and runs in all. */
  failedRuns: number;
  runs: number;
}

/** What a probe concluded about one parameter: refused means a 4xx with the error envelope. */
export type ProbeVerdict = 'honoured' | 'ignored' | 'refused' | 'inconclusive';

/** One row of the probe table: the parameter, the verdict and what it rests on. */
export interface ProbeResult {
  parameter: string;
  verdict: ProbeVerdict;
  /** What was observed: statuses, counts, excerpts. */
  evidence: string[];
}
