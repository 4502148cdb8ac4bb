import { streamClasses } from './decode/classify';
import { crashedCheck, skipRows, verdictFor } from './judge/verdicts';
import { preflight } from './preflight';
import { runProbes } from './probe';
import { type FetchLike, recordExchange } from './record/client';
import { curlFor } from './record/curl';
import type * as RealClients from './record/realClients';
import { redactDeep, secretsFrom } from './record/redact';
import { CHECKS } from './registry';
import { SCENARIOS } from './scenarios';
import type { Scenario, ScenarioContext, SendOptions } from './scenarios/types';
import { narrowsScenarios, selectChecks, selectScenarios } from './select';
import type { Check, CheckResult, Exchange, ExchangeTiming, Profile, Report, ScenarioRun } from './types';
import { HarnessFailure } from './types';

import { toolVersion } from './version';

function isRaw(body: unknown): body is string | Uint8Array {
  return typeof body === 'string' || body instanceof Uint8Array;
}

/** The official clients, loaded on first use: they are most of the harness's start-up time. */
function loadRealClients(): typeof RealClients {
  return require('./record/realClients') as typeof RealClients;
}

/** Options of a conformance run. */
export interface ConformanceOptions {
  /** What an OpenAI SDK takes, e.g. `http://127.0.0.1:8080/v1`; paths are appended. */
  baseUrl: string;
  /** Model to request; default: the first id of `GET /models`. */
  model?: string;
  /** Sent as `Authorization: Bearer …`; never appears in reports. Sending a key expects nothing. */
  apiKey?: string;
  /**
   * The user declares that the target enforces an API key: the auth scenario sends requests
   * without one and with a wrong one, which must be refused (with or without `apiKey`).
   */
  expectAuth?: boolean;
  /** Fail the run (`misconfigured`) instead of skipping the failure scenarios when faults cannot be injected. */
  requireFaults?: boolean;
  /** Called before each scenario runs, e.g. for a progress line (`index` is 0-based). */
  onScenario?: (scenario: string, index: number, total: number) => void;
  profile?: Profile;
  /** Check or scenario ids to run (all when empty). */
  only?: string[];
  /** Check or scenario ids to leave out. */
  skip?: string[];
  /** Budget per exchange, in ms (default 30000). */
  timeoutMs?: number;
  /** Events read per stream before the harness stops reading (default 10000). */
  maxEvents?: number;
  /** The target honours `[[chat-contract:…]]` directives: run the fault scenarios. */
  faultDirectives?: boolean;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  fetch?: FetchLike;
  /** Called with every recorded exchange (keys redacted), e.g. for `--verbose`. */
  onExchange?: (scenario: string, exchange: Exchange) => void;
  /** After each scenario: facts from elsewhere (e.g. a fake upstream's log) merged into the run. */
  upstreamLog?: (run: ScenarioRun) => Promise<ScenarioRun['facts']> | ScenarioRun['facts'];
  /** Replay fault scenarios through openai-node and the AI SDK (default true). */
  realClients?: boolean;
  /** Also send this many contract-derived invalid requests (scenario `fuzz`), generated from `seed`. */
  fuzz?: { count: number; seed: number };
  /** Checks to apply (default: the registry). */
  checks?: readonly Check[];
  /** Scenarios to drive (default: all). */
  scenarios?: readonly Scenario[];
  /** Clock for `startedAt`/`durationMs`. */
  now?: () => number;
  /** Also probe which request parameters the target honours (`check --probes`). */
  probes?: boolean;
}

/**
 * Drives every scenario against a target, applies every check and returns the report. Keys and
 * credential headers are redacted from everything the report holds.
 * @throws HarnessFailure `target-unreachable` when `GET /models` gets no answer; `misconfigured`
 * when the base URL or model is wrong (see {@link preflight}) or faults are required but cannot be
 * injected; `bad-arguments`.
 * @example
 * const report = await runConformance({ baseUrl: 'http://127.0.0.1:8080/v1', faultDirectives: true });
 * expect(report.summary.fail).toBe(0);
 */
export async function runConformance(options: ConformanceOptions): Promise<Report> {
  const now = options.now ?? Date.now;
  const started = now();
  const profile = options.profile ?? 'strict';
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  if (!/^https?:\/\//i.test(baseUrl)) {
    throw new HarnessFailure('bad-arguments', `base URL must start with http:// or https://: ${baseUrl}`);
  }
  const allChecks = options.checks ?? CHECKS;
  const allScenarios = options.scenarios ?? SCENARIOS;
  const checks = selectChecks(allChecks, allScenarios, options.only, options.skip);
  const scenarios = selectScenarios(allChecks, allScenarios, options.only, options.skip);
  if (options.requireFaults && !options.faultDirectives && scenarios.some((s) => s.intent === 'fault')) {
    throw new HarnessFailure(
      'misconfigured',
      'failure handling cannot be tested and --require-faults is set: rerun with --fault-upstream if the target is a proxy, or --fault-directives if it honours directives',
    );
  }
  const headers: Record<string, string> = { ...options.headers };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const secrets = secretsFrom(options.apiKey, headers);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxEvents = options.maxEvents ?? 10_000;
  // Durations by exchange, measured here so the recording client stays clock-free.
  const durations = new WeakMap<Exchange, number>();
  const send = async (
    label: string,
    method: 'GET' | 'POST',
    path: string,
    body?: string | Uint8Array,
    o: SendOptions = {},
    base = baseUrl,
  ) => {
    const sentAt = performance.now();
    const exchange = await recordExchange(
      {
        label,
        method,
        url: `${base}${path}`,
        headers: {
          ...(o.headers ?? headers),
          ...(body !== undefined && o.contentType !== null
            ? { 'content-type': o.contentType ?? 'application/json' }
            : {}),
        },
        ...(body !== undefined ? { body } : {}),
        expectStream: typeof body === 'string' && /"stream"\s*:\s*true/.test(body),
        timeoutMs: o.timeoutMs ?? timeoutMs,
        maxEvents,
        ...(o.abortAfterEvents !== undefined ? { abortAfterEvents: o.abortAfterEvents } : {}),
      },
      options.fetch ? { fetch: options.fetch } : {},
    );
    durations.set(exchange, Math.round(performance.now() - sentAt));
    return exchange;
  };

  const preflightBudget = { timeoutMs: Math.min(timeoutMs, 10_000) };
  const { model, listedModels } = await preflight(
    baseUrl,
    options.model,
    (base, method, path, body) => send('preflight', method, path, body, preflightBudget, base),
    options.expectAuth,
  );

  const ctx: ScenarioContext = {
    model,
    listedModels,
    faultDirectives: options.faultDirectives ?? false,
    expectAuth: options.expectAuth ?? false,
    timeoutMs,
    headers,
    chat: (label, body, o) =>
      send(label, 'POST', '/chat/completions', isRaw(body) ? body : JSON.stringify(body), o),
    get: (label, path, o) => send(label, 'GET', path, undefined, o),
    ...(options.fuzz ? { fuzz: options.fuzz } : {}),
  };
  if (options.realClients !== false) {
    ctx.replayThroughClients = (messages, clientTimeoutMs) =>
      loadRealClients().realClientOutcomes({
        baseUrl,
        model,
        messages,
        timeoutMs: clientTimeoutMs,
        headers: options.headers ?? {},
        ...(options.apiKey ? { apiKey: options.apiKey } : {}),
        ...(options.fetch ? { fetch: options.fetch as typeof fetch } : {}),
      });
  }

  const runs: ScenarioRun[] = [];
  for (const [index, scenario] of scenarios.entries()) {
    options.onScenario?.(scenario.id, index, scenarios.length);
    const result = await scenario.run(ctx);
    const run: ScenarioRun = {
      scenario: scenario.id,
      intent: scenario.intent,
      ...result,
      facts: { ...result.facts, model, listedModels, directivesHonoured: ctx.faultDirectives },
    };
    if (options.upstreamLog && !run.skipped)
      run.facts = { ...run.facts, ...(await options.upstreamLog(run)) };
    for (const exchange of run.exchanges) options.onExchange?.(run.scenario, redactDeep(exchange, secrets));
    runs.push(run);
  }

  const judged = judge(checks, runs, profile, narrowsScenarios(allScenarios, options.only, options.skip));
  const faultRuns = runs.filter((r) => r.intent === 'fault');
  const report: Report = {
    schemaVersion: 1,
    toolVersion: toolVersion(),
    command: 'check',
    target: baseUrl,
    profile,
    summary: {
      pass: 0,
      fail: 0,
      warn: 0,
      skip: 0,
      deselected: allChecks.length - checks.length + judged.deselected,
    },
    ...(faultRuns.length > 0
      ? { failureHandling: faultRuns.some((r) => !r.skipped) ? 'tested' : 'untested' }
      : {}),
    results: judged.results,
    streams: streamClasses(runs),
    exchanges: runs.flatMap((run) => run.exchanges.map((e) => timingOf(run.scenario, e, durations))),
    clients: clientRows(runs),
    startedAt: new Date(started).toISOString(),
    durationMs: Math.max(0, now() - started),
  };
  if (options.probes) report.probes = await runProbes({ model, chat: ctx.chat });
  for (const r of report.results) report.summary[r.verdict]++;
  return redactDeep(report, secrets);
}

/** An exchange's status and duration: as measured when sent, else as its response recorded. */
function timingOf(scenario: string, e: Exchange, measured: WeakMap<Exchange, number>): ExchangeTiming {
  const durationMs = measured.get(e) ?? e.response?.endedAt ?? 0;
  return {
    scenario,
    exchange: e.label,
    ...(e.response ? { status: e.response.status } : {}),
    durationMs,
  };
}

/**
 * Applies every check to every run that was not skipped, then adds rows for checks that judged
 * nothing; `scenariosNarrowed` (the user left scenarios out) makes those deselected, not skipped.
 */
export function judge(
  checks: readonly Check[],
  runs: readonly ScenarioRun[],
  profile: Profile,
  scenariosNarrowed = false,
): { results: CheckResult[]; deselected: number } {
  const results: CheckResult[] = [];
  const notApplicable = new Map<string, string[]>();
  for (const run of runs) {
    if (run.skipped) continue;
    for (const check of checks) {
      let result: CheckResult | undefined;
      try {
        const outcome = check.run(run, { profile });
        if (!outcome.applies && outcome.reason) {
          notApplicable.set(check.id, [...(notApplicable.get(check.id) ?? []), outcome.reason]);
        }
        result = verdictFor(check, run, outcome, profile);
      } catch (err) {
        result = crashedCheck(check, run, err, profile);
      }
      if (!result) continue;
      if (result.verdict === 'fail' || result.verdict === 'warn') {
        const request = exchangeFor(run, result)?.request;
        if (request) result.curl = curlFor(request);
      }
      results.push(result);
    }
  }
  const skipped = skipRows(checks, runs, results, profile, { notApplicable, scenariosNarrowed });
  return { results: [...results, ...skipped.rows], deselected: skipped.deselected };
}

/** The exchange a result is about: the one its first finding names, else the first. */
function exchangeFor(run: ScenarioRun, result: CheckResult): Exchange | undefined {
  return run.exchanges.find((e) => e.label === result.exchange) ?? run.exchanges[0];
}

function clientRows(runs: readonly ScenarioRun[]): NonNullable<Report['clients']> {
  return runs.flatMap((run) =>
    Object.entries(run.facts?.clientOutcomes ?? {}).map(([client, outcome]) => ({
      scenario: run.scenario,
      client,
      outcome,
    })),
  );
}
