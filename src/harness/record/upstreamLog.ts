import { lastUserText } from '../../contract';
import type { ScenarioRun } from '../types';
import type { FetchLike } from './client';

/** Where the fake upstream keeps its request log, relative to its origin. */
export const UPSTREAM_LOG_PATH = '/_chat-contract/requests';

/** The part of a fake upstream's log entry the harness reads. */
interface LoggedRequest {
  seq: number;
  body: unknown;
  state: string;
  clientAborted: boolean;
}

/** Options of `upstreamLogFacts`. */
export interface UpstreamLogOptions {
  /** The fake upstream's origin or OpenAI base URL, e.g. `http://127.0.0.1:9100/v1`. */
  upstreamUrl: string;
  fetch?: FetchLike;
  /** How long to wait for the upstream to see an abort (default 2000 ms). */
  waitMs?: number;
  /** Pause between reads of the log (default 100 ms). */
  pollMs?: number;
}

/** The fake upstream's origin from its base URL (`…/v1` or the bare origin). */
export function upstreamOrigin(upstreamUrl: string): string {
  return new URL(upstreamUrl).origin;
}

/** Reads the fake upstream's request log; undefined when it cannot be read or is not one. */
export async function readUpstreamLog(
  upstreamUrl: string,
  fetchFn: FetchLike = fetch,
): Promise<LoggedRequest[] | undefined> {
  try {
    const res = await fetchFn(`${upstreamOrigin(upstreamUrl)}${UPSTREAM_LOG_PATH}`, {
      signal: AbortSignal.timeout(2000),
    });
    if (!res.ok) return undefined;
    const data = ((await res.json()) as { data?: unknown }).data;
    return Array.isArray(data) ? (data as LoggedRequest[]) : undefined;
  } catch {
    return undefined;
  }
}

function userText(body: unknown): string {
  const messages = (body as { messages?: unknown } | null)?.messages;
  return Array.isArray(messages) ? lastUserText(messages) : '';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Builds the `upstreamLog` hook of `runConformance` for a target that proxies to the fake upstream:
 * after `abort-recovers` it finds the aborted request in the upstream's log by its text (the
 * scenario makes it unique) and sets `upstreamAborted` once the upstream saw the client leave
 * (bounded wait); other runs get no facts. A request the upstream never received is not observed.
 * @example
 * runConformance({ baseUrl, faultDirectives: true, upstreamLog: upstreamLogFacts({ upstreamUrl: 'http://127.0.0.1:9100/v1' }) });
 */
export function upstreamLogFacts(
  options: UpstreamLogOptions,
): (run: ScenarioRun) => Promise<ScenarioRun['facts']> {
  const waitMs = options.waitMs ?? 2000;
  const pollMs = options.pollMs ?? 100;
  return async (run) => {
    const aborted = run.exchanges.find((e) => e.response?.end === 'aborted');
    const messages = aborted?.requestJson?.messages;
    if (run.scenario !== 'abort-recovers' || !Array.isArray(messages)) return {};
    const text = lastUserText(messages);
    if (!text) return {};
    const deadline = Date.now() + waitMs;
    let seen = false;
    for (let attempt = 0; attempt < 1000; attempt++) {
      const log = await readUpstreamLog(options.upstreamUrl, options.fetch);
      const entry = log?.filter((e) => userText(e.body) === text).at(-1);
      if (entry) {
        seen = true;
        if (entry.clientAborted || entry.state === 'client-closed') return { upstreamAborted: true };
      }
      if (Date.now() >= deadline) break;
      await sleep(pollMs);
    }
    return seen ? { upstreamAborted: false } : {};
  };
}
