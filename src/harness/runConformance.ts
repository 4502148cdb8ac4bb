import { classifyStream } from './decode/classify';
import { crashedCheck, skipRows, verdictFor } from './judge/verdicts';
import { runProbes } from './probe';
import { type FetchLike, recordExchange } from './record/client';
import { curlFor } from './record/curl';
import type * as RealClients from './record/realClients';
import { redactDeep, secretsFrom } from './record/redact';
import { CHECKS } from './registry';
import { SCENARIOS } from './scenarios';
import type { Scenario, ScenarioContext, SendOptions } from './scenarios/types';
import { selectChecks, selectScenarios } from './select';
import type { Check, CheckResult, Exchange, Profile, Report, ScenarioRun, StreamClass } from './types';
import { HarnessFailure } from './types';

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
  /** Sent as `Authorization: Bearer …`; enables the auth scenario; never appears in reports. */
  apiKey?: string;
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
 * @throws HarnessFailure `target-unreachable` when `GET /models` gets no answer; `bad-arguments`.
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
  const headers: Record<string, string> = { ...options.headers };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const secrets = secretsFrom(options.apiKey, headers);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxEvents = options.maxEvents ?? 10_000;
  const send = (
    label: string,
    method: 'GET' | 'POST',
    path: string,
    body?: string | Uint8Array,
    o: SendOptions = {},
  ) =>
    recordExchange(
      {
        label,
        method,
        url: `${baseUrl}${path}`,
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

  const preflight = await send('models', 'GET', '/models', undefined, {
    timeoutMs: Math.min(timeoutMs, 10_000),
  });
  if (!preflight.response) {
    const why = preflight.failure?.message ?? 'no response';
    throw new HarnessFailure('target-unreachable', `GET ${baseUrl}/models: ${why}`);
  }
  const listedModels = modelIds(preflight.response.body);
  const model = options.model ?? listedModels[0];
  if (!model) {
    throw new HarnessFailure(
      'bad-arguments',
      `GET ${baseUrl}/models answered ${preflight.response.status} with no model id: pass --model`,
    );
  }

  const ctx: ScenarioContext = {
    model,
    listedModels,
    faultDirectives: options.faultDirectives ?? false,
    apiKeyGiven: Boolean(options.apiKey),
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
  for (const scenario of scenarios) {
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

  const report: Report = {
    schemaVersion: 1,
    target: baseUrl,
    profile,
    summary: { pass: 0, fail: 0, warn: 0, skip: 0 },
    results: judge(checks, runs, profile),
    streams: streamClasses(runs),
    startedAt: new Date(started).toISOString(),
    durationMs: Math.max(0, now() - started),
  };
  const clients = clientRows(runs);
  if (clients.length > 0) report.clients = clients;
  if (options.probes) report.probes = await runProbes({ model, chat: ctx.chat });
  for (const r of report.results) report.summary[r.verdict]++;
  return redactDeep(report, secrets);
}

/** Applies every check to every run that was not skipped, then adds rows for checks that judged nothing. */
export function judge(
  checks: readonly Check[],
  runs: readonly ScenarioRun[],
  profile: Profile,
): CheckResult[] {
  const results: CheckResult[] = [];
  for (const run of runs) {
    if (run.skipped) continue;
    for (const check of checks) {
      let result: CheckResult | undefined;
      try {
        result = verdictFor(check, run, check.run(run, { profile }), profile);
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
  return [...results, ...skipRows(checks, runs, results, profile)];
}

/** The exchange a result is about: the one its first finding names, else the first. */
function exchangeFor(run: ScenarioRun, result: CheckResult): Exchange | undefined {
  return run.exchanges.find((e) => e.label === result.exchange) ?? run.exchanges[0];
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

function clientRows(runs: readonly ScenarioRun[]): NonNullable<Report['clients']> {
  return runs.flatMap((run) =>
    Object.entries(run.facts?.clientOutcomes ?? {}).map(([client, outcome]) => ({
      scenario: run.scenario,
      client,
      outcome,
    })),
  );
}

function modelIds(body: string): string[] {
  try {
    const data = (JSON.parse(body) as { data?: unknown }).data;
    if (!Array.isArray(data)) return [];
    return data.map((m: { id?: unknown }) => m?.id).filter((id): id is string => typeof id === 'string');
  } catch {
    return [];
  }
}
