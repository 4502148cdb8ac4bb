import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderJson } from '../reporters/json';
import { SCENARIOS } from '../scenarios';
import type { Exchange, Intent, ReadEnd, RecordedRequest, Report } from '../types';

/** Version of the recorded directory layout (README, "Record and replay"). */
export const RECORDING_LAYOUT = 1;

/**
 * The sidecar of one recorded exchange (`NNN-scenario-label.sse.json`). Its `request`, `status`,
 * `headers` and `intent` are those `check-transcript FILE` reads; the rest lets a whole run be
 * judged again.
 */
export interface ExchangeSidecar {
  /** The JSON request body, when it was JSON. */
  request?: Record<string, unknown>;
  status?: number;
  /** Response headers, lower-cased. */
  headers?: Record<string, string>;
  intent: Intent;
  scenario: string;
  /** The exchange's label within the scenario (`stream`, `concurrent-3`, …). */
  exchange: string;
  /** The name of the target (the `--record` run's target, or its base URL). */
  target: string;
  /** The HTTP request as sent, credentials redacted; `body` is the raw text. */
  http: RecordedRequest;
  /** ms since the request was sent: first byte, end, and when each SSE event was complete. */
  timing?: { firstByteAt?: number; endedAt: number; eventTimes?: number[] };
  /** How reading ended, and the network error's message. */
  end?: ReadEnd;
  error?: string;
  /** Set when no response arrived at all (then there is no body file). */
  failure?: Exchange['failure'];
  /** The body file next to this sidecar, absent with `failure`. */
  body?: string;
}

/** One scenario of a recorded run, in `index.json`. */
export interface RecordedScenario {
  scenario: string;
  intent: Intent;
  /** Sidecar file names of its exchanges, in order. */
  exchanges: string[];
  /** Facts the offline checks read (filled in from the report when the run ends). */
  facts: {
    directivesHonoured?: boolean;
    clientOutcomes?: Record<string, 'raised error' | 'looked successful' | 'hung' | 'not run'>;
  };
}

/** `index.json` of a recorded directory. */
export interface RecordingIndex {
  layout: typeof RECORDING_LAYOUT;
  target: string;
  scenarios: RecordedScenario[];
  /** The run's JSON report, next to the index. */
  report: 'report.json';
}

/** Options of {@link recordToDir}. */
export interface RecordDirOptions {
  /** The target's name in every sidecar. */
  target: string;
  /** The run declared fault directives honoured (the built-in server, `--fault-directives`). */
  directivesHonoured: boolean;
}

/** A recorder: hand its `onExchange` to `runConformance`, then `finish` with the report. */
export interface DirRecorder {
  onExchange: (scenario: string, exchange: Exchange) => void;
  /** Waits for every file, writes `report.json` and `index.json`; rejects on the first write error. */
  finish: (report: Report) => Promise<void>;
}

function safe(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
}

/** The bytes as received: an event stream rebuilt line by line with its terminators, else the body. */
function rawBody(exchange: Exchange): string {
  const r = exchange.response!;
  const sse = r.sse;
  if (sse && sse.lineCount === undefined && sse.lines.length > 0)
    return sse.lines.map((l) => `${l.text}${l.terminator}`).join('');
  return r.body;
}

function sidecarOf(
  scenario: string,
  intent: Intent,
  e: Exchange,
  target: string,
  body?: string,
): ExchangeSidecar {
  const r = e.response;
  const out: ExchangeSidecar = { intent, scenario, exchange: e.label, target, http: e.request };
  if (e.requestJson) out.request = e.requestJson;
  if (r) {
    out.status = r.status;
    out.headers = r.headers;
    out.timing = {
      endedAt: r.endedAt,
      ...(r.firstByteAt !== undefined ? { firstByteAt: r.firstByteAt } : {}),
      ...(r.sse ? { eventTimes: r.sse.events.map((ev) => ev.at) } : {}),
    };
    out.end = r.end;
    if (r.error) out.error = r.error;
  }
  if (e.failure) out.failure = e.failure;
  if (body) out.body = body;
  return out;
}

/**
 * Records a run into a directory as it goes: per exchange a raw body file (`.sse` for an event
 * stream, `.body` otherwise) and its sidecar `FILE.json`, then `report.json` and `index.json`.
 * Exchanges arrive redacted from `runConformance`, so no credential reaches the disk.
 * @example
 * const rec = recordToDir('rec', { target: 'local', directivesHonoured: true });
 * await rec.finish(await runConformance({ baseUrl, onExchange: rec.onExchange }));
 */
export function recordToDir(dir: string, options: RecordDirOptions): DirRecorder {
  const intents = new Map(SCENARIOS.map((s) => [s.id, s.intent] as const));
  const scenarios: RecordedScenario[] = [];
  let count = 0;
  let writes: Promise<unknown> = mkdir(dir, { recursive: true });
  const queue = (write: () => Promise<unknown>) => {
    writes = writes.then(write);
  };
  return {
    onExchange: (scenario, exchange) => {
      const intent = intents.get(scenario) ?? 'success';
      let entry = scenarios.find((s) => s.scenario === scenario);
      if (!entry) {
        entry = {
          scenario,
          intent,
          exchanges: [],
          facts: { directivesHonoured: options.directivesHonoured },
        };
        scenarios.push(entry);
      }
      const stem = `${String(++count).padStart(3, '0')}-${safe(scenario)}-${safe(exchange.label)}`;
      const body = exchange.response ? `${stem}${exchange.response.sse ? '.sse' : '.body'}` : undefined;
      const sidecar = `${body ?? stem}.json`;
      entry.exchanges.push(sidecar);
      const json = `${JSON.stringify(sidecarOf(scenario, intent, exchange, options.target, body), null, 2)}\n`;
      const raw = exchange.response ? rawBody(exchange) : undefined;
      queue(async () => {
        if (body && raw !== undefined) await writeFile(path.join(dir, body), raw);
        await writeFile(path.join(dir, sidecar), json);
      });
    },
    finish: async (report) => {
      await writes;
      for (const c of report.clients ?? []) {
        const entry = scenarios.find((s) => s.scenario === c.scenario);
        if (!entry) continue;
        entry.facts.clientOutcomes = {
          ...entry.facts.clientOutcomes,
          [c.client]: c.outcome as NonNullable<RecordedScenario['facts']['clientOutcomes']>[string],
        };
      }
      const index: RecordingIndex = {
        layout: RECORDING_LAYOUT,
        target: options.target,
        scenarios,
        report: 'report.json',
      };
      await writeFile(path.join(dir, 'report.json'), renderJson(report));
      await writeFile(path.join(dir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
    },
  };
}
