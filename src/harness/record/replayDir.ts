import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readSse } from '../../sse';
import { streamClasses } from '../decode/classify';
import { crashedCheck, verdictFor } from '../judge/verdicts';
import { CHECKS } from '../registry';
import type { Check, Exchange, Profile, RecordedResponse, Report, ScenarioRun } from '../types';
import { HarnessFailure } from '../types';
import { toolVersion } from '../version';
import type { ExchangeSidecar, RecordingIndex } from './recordDir';

async function readJson<T>(file: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new HarnessFailure('transcript-unreadable', `${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new HarnessFailure('transcript-unreadable', `${file}: ${(err as Error).message}`);
  }
}

/** Rebuilds one exchange from its sidecar and body file, with the recorded timing. */
async function exchangeOf(dir: string, side: ExchangeSidecar): Promise<Exchange> {
  const exchange: Exchange = { label: side.exchange, request: side.http };
  if (side.request) exchange.requestJson = side.request;
  if (side.failure || !side.body) {
    if (side.failure) exchange.failure = side.failure;
    return exchange;
  }
  const file = path.join(dir, side.body);
  const body = await readFile(file, 'utf8').catch((err: Error) => {
    throw new HarnessFailure('transcript-unreadable', `${file}: ${err.message}`);
  });
  const response: RecordedResponse = {
    status: side.status ?? 200,
    headers: side.headers ?? {},
    body,
    endedAt: side.timing?.endedAt ?? 0,
    end: side.end ?? 'eof',
  };
  if (side.timing?.firstByteAt !== undefined) response.firstByteAt = side.timing.firstByteAt;
  if (side.error) response.error = side.error;
  if (side.body.endsWith('.sse')) {
    const sse = readSse(body);
    side.timing?.eventTimes?.forEach((at, i) => {
      const ev = sse.events[i];
      if (ev) ev.at = at;
    });
    response.sse = sse;
  }
  exchange.response = response;
  return exchange;
}

/**
 * Reads a directory written by `check --record` back into the scenario runs it recorded: every
 * exchange with its raw bytes, status, headers and event times, grouped by scenario.
 * @throws HarnessFailure `transcript-unreadable` when the index, a sidecar or a body is missing.
 */
export async function loadRecordedRuns(dir: string): Promise<{ target: string; runs: ScenarioRun[] }> {
  const index = await readJson<RecordingIndex>(path.join(dir, 'index.json'));
  if (index.layout !== 1 || !Array.isArray(index.scenarios)) {
    throw new HarnessFailure(
      'transcript-unreadable',
      `${dir}/index.json: not a chat-contract recording (layout 1)`,
    );
  }
  const runs: ScenarioRun[] = [];
  for (const s of index.scenarios) {
    const exchanges: Exchange[] = [];
    for (const name of s.exchanges)
      exchanges.push(await exchangeOf(dir, await readJson(path.join(dir, name))));
    const model = exchanges.find((e) => typeof e.requestJson?.model === 'string')?.requestJson?.model as
      | string
      | undefined;
    runs.push({
      scenario: s.scenario,
      intent: s.intent,
      exchanges,
      facts: { ...s.facts, ...(model ? { model } : {}) },
    });
  }
  return { target: index.target, runs };
}

/** Whether a path holds a recorded run (`index.json` of layout 1). */
export async function isRecordedDir(dir: string): Promise<boolean> {
  try {
    const index = JSON.parse(await readFile(path.join(dir, 'index.json'), 'utf8')) as Partial<RecordingIndex>;
    return index.layout === 1;
  } catch {
    return false;
  }
}

/** Options of {@link checkRecordedDir}. */
export interface RecordedDirOptions {
  profile?: Profile;
  only?: string[];
  skip?: string[];
  checks?: readonly Check[];
  now?: () => number;
}

/**
 * Judges a recorded run again, offline: every check that needs no live server, applied to the
 * scenarios as recorded, gives the verdict it gave in the live run.
 * @example const report = await checkRecordedDir('rec'); // as `check-transcript rec`
 */
export async function checkRecordedDir(dir: string, options: RecordedDirOptions = {}): Promise<Report> {
  const now = options.now ?? Date.now;
  const started = now();
  const profile = options.profile ?? 'strict';
  const offline = (options.checks ?? CHECKS).filter((c) => c.offline);
  const unknown = [...(options.only ?? []), ...(options.skip ?? [])].filter(
    (id) => !offline.some((c) => c.id === id),
  );
  if (unknown.length > 0)
    throw new HarnessFailure('bad-arguments', `unknown offline check id: ${unknown.join(', ')}`);
  const checks = offline.filter(
    (c) => (!options.only?.length || options.only.includes(c.id)) && !options.skip?.includes(c.id),
  );
  const { target, runs } = await loadRecordedRuns(dir);
  const results: Report['results'] = [];
  for (const run of runs) {
    for (const check of checks) {
      try {
        const r = verdictFor(check, run, check.run(run, { profile }), profile);
        if (r) results.push(r);
      } catch (err) {
        results.push(crashedCheck(check, run, err, profile));
      }
    }
  }
  const summary = { pass: 0, fail: 0, warn: 0, skip: 0, deselected: offline.length - checks.length };
  for (const r of results) summary[r.verdict]++;
  const clients = runs.flatMap((run) =>
    Object.entries(run.facts?.clientOutcomes ?? {}).map(([client, outcome]) => ({
      scenario: run.scenario,
      client,
      outcome,
    })),
  );
  return {
    schemaVersion: 1,
    toolVersion: toolVersion(),
    command: 'check-transcript',
    target: `${target} (recorded in ${dir})`,
    profile,
    summary,
    results,
    streams: streamClasses(runs),
    clients,
    startedAt: new Date(started).toISOString(),
    durationMs: Math.max(0, now() - started),
  };
}
