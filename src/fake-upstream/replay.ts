import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { errorBody, readBody, sendJson, sleep, write } from './io';

/** One recorded answer to a chat completion request, as `check --record` wrote it. */
export interface ReplayEntry {
  scenario: string;
  label: string;
  /** The JSON request body that got this answer. */
  request?: Record<string, unknown>;
  status: number;
  headers: Record<string, string>;
  body: string;
  /** ms after the request when each SSE event was complete (paced replay). */
  eventTimes?: number[];
  firstByteAt?: number;
}

/** A recorded directory loaded for replay: the chat answers in order, and the `GET /models` body. */
export interface ReplaySource {
  entries: ReplayEntry[];
  models?: { status: number; body: string };
}

/** How a replay paces a stream: as recorded, or every byte at once. */
export type ReplayTiming = 'recorded' | 'instant';

/** The header that picks the recorded scenario to answer with. */
export const SCENARIO_HEADER = 'x-chat-contract-scenario';

interface Sidecar {
  scenario?: string;
  exchange?: string;
  request?: Record<string, unknown>;
  status?: number;
  headers?: Record<string, string>;
  http?: { method?: string; url?: string };
  timing?: { firstByteAt?: number; eventTimes?: number[] };
  body?: string;
}

/**
 * Loads a directory written by `check --record` (its `index.json`, sidecars and bodies) for replay.
 * @throws Error naming the file that is missing or not JSON.
 */
export async function loadReplay(dir: string): Promise<ReplaySource> {
  const index = JSON.parse(await readFile(path.join(dir, 'index.json'), 'utf8')) as {
    scenarios?: Array<{ exchanges?: string[] }>;
  };
  if (!Array.isArray(index.scenarios)) throw new Error(`${dir}/index.json: not a chat-contract recording`);
  const source: ReplaySource = { entries: [] };
  for (const scenario of index.scenarios) {
    for (const name of scenario.exchanges ?? []) {
      const side = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as Sidecar;
      if (!side.body || side.status === undefined) continue;
      const body = await readFile(path.join(dir, side.body), 'utf8');
      const url = side.http?.url ?? '';
      if (side.http?.method === 'GET' && /\/models$/.test(url)) {
        source.models ??= { status: side.status, body };
        continue;
      }
      if (!/\/chat\/completions$/.test(url)) continue;
      source.entries.push({
        scenario: side.scenario ?? '',
        label: side.exchange ?? '',
        ...(side.request ? { request: side.request } : {}),
        status: side.status,
        headers: side.headers ?? {},
        body,
        ...(side.timing?.eventTimes ? { eventTimes: side.timing.eventTimes } : {}),
        ...(side.timing?.firstByteAt !== undefined ? { firstByteAt: side.timing.firstByteAt } : {}),
      });
    }
  }
  return source;
}

/** Headers a replay does not copy: they describe the recorded connection, not the answer. */
const HOP_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date']);

function sameConversation(a: Record<string, unknown> | undefined, b: Record<string, unknown>): boolean {
  return (
    a !== undefined &&
    JSON.stringify(a.messages) === JSON.stringify(b.messages) &&
    (a.stream === true) === (b.stream === true) &&
    JSON.stringify(a.n ?? 1) === JSON.stringify(b.n ?? 1)
  );
}

/**
 * Picks the recorded answer for a request: the next unused one of the scenario the
 * `x-chat-contract-scenario` header names; else the next unused one recorded for the same messages
 * (and `stream`, `n`); else the next unused one in recorded order. When all are used, order starts over.
 */
export function pickEntry(
  source: ReplaySource,
  used: Set<number>,
  request: Record<string, unknown>,
  scenario?: string,
): ReplayEntry | undefined {
  const free = (pred: (e: ReplayEntry) => boolean) =>
    source.entries.findIndex((e, i) => !used.has(i) && pred(e));
  let i = scenario ? free((e) => e.scenario === scenario) : -1;
  if (i < 0) i = free((e) => sameConversation(e.request, request));
  if (i < 0) i = free(() => true);
  if (i < 0 && source.entries.length > 0) {
    used.clear();
    i = 0;
  }
  if (i < 0) return undefined;
  used.add(i);
  return source.entries[i];
}

/** Splits raw SSE text after each blank line, so each piece is one event with its terminator. */
function eventPieces(body: string): string[] {
  const pieces = body.split(/(?<=\r?\n\r?\n)/);
  return pieces.filter((p) => p.length > 0);
}

async function replay(res: ServerResponse, entry: ReplayEntry, timing: ReplayTiming, signal: AbortSignal) {
  const headers = Object.fromEntries(Object.entries(entry.headers).filter(([k]) => !HOP_HEADERS.has(k)));
  const sse = (headers['content-type'] ?? '').startsWith('text/event-stream');
  if (timing === 'instant' || !sse || !entry.eventTimes?.length) {
    res.writeHead(entry.status, headers);
    res.end(entry.body);
    return;
  }
  const started = Date.now();
  if (entry.firstByteAt && !(await sleep(Math.min(entry.firstByteAt, 60_000), signal))) return;
  res.writeHead(entry.status, headers);
  res.flushHeaders();
  const pieces = eventPieces(entry.body);
  for (let i = 0; i < pieces.length; i++) {
    const due = entry.eventTimes[i];
    const wait = due === undefined ? 0 : Math.min(due - (Date.now() - started), 60_000);
    if (wait > 0 && !(await sleep(wait, signal))) return;
    if (!(await write(res, pieces[i]!, signal))) return;
  }
  res.end();
}

/**
 * A fake upstream that answers with recorded bytes (`chat-contract upstream --replay DIR`): each
 * chat completion request gets a recorded status, headers and body ({@link pickEntry}), paced as
 * recorded or instantly; `GET /v1/models` answers as recorded (or lists the recorded models).
 * Never listens.
 * @example http.createServer(createReplayUpstream(await loadReplay('rec'), 'recorded')).listen(0);
 */
export function createReplayUpstream(
  source: ReplaySource,
  timing: ReplayTiming = 'recorded',
): (req: IncomingMessage, res: ServerResponse) => void {
  const used = new Set<number>();
  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const url = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'GET' && url === '/v1/models') {
      if (source.models) {
        res.writeHead(source.models.status, { 'content-type': 'application/json' });
        res.end(source.models.body);
        return;
      }
      const ids = [
        ...new Set(source.entries.map((e) => e.request?.model).filter((m) => typeof m === 'string')),
      ];
      return sendJson(res, 200, {
        object: 'list',
        data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'replay' })),
      });
    }
    if (req.method !== 'POST' || url !== '/v1/chat/completions')
      return sendJson(
        res,
        404,
        errorBody(`Unknown route: ${req.method} ${url}`, 'invalid_request_error', 'not_found'),
      );
    const raw = await readBody(req, 1024 * 1024);
    let request: Record<string, unknown> = {};
    try {
      request = JSON.parse(raw?.toString('utf8') ?? '{}') as Record<string, unknown>;
    } catch {
      // Not JSON: only the header or the recorded order can pick an answer.
    }
    const header = req.headers[SCENARIO_HEADER];
    const entry = pickEntry(source, used, request, typeof header === 'string' ? header : undefined);
    if (!entry)
      return sendJson(res, 404, errorBody('Nothing was recorded to replay.', 'invalid_request_error', null));
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    await replay(res, entry, timing, controller.signal);
  };
  return (req, res) => {
    route(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, errorBody('The replay failed.', 'server_error', null));
      else res.destroy();
    });
  };
}
