import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CreateChatCompletionRequest, lastUserText, parseDirectives } from '../contract';
import { defectiveCompletion } from './defects';
import { errorBody, readBody, sendJson, sleep, untilAborted } from './io';
import { planReply } from './reply';
import { completion } from './upstreamChunks';
import { type RecordedRequest, RequestLog } from './upstreamRequestLog';
import { DEFAULT_SLOW_MS, streamCompletion } from './upstreamStream';

/** The model ids `GET /v1/models` lists by default; completions accept any model name. */
export const FAKE_UPSTREAM_MODELS = ['fake-upstream-model'] as const;

/** Options of `createFakeUpstream`. */
export interface FakeUpstreamOptions {
  /** Listed by `GET /v1/models`; default `FAKE_UPSTREAM_MODELS`. */
  models?: readonly string[];
  /** Requests kept in the log (oldest fall off); default 1000. */
  logCapacity?: number;
  /** Largest request body accepted; default 1 MiB. */
  bodyLimitBytes?: number;
  /** Clock in ms, for `created` and log times. */
  now?: () => number;
}

/** A fake upstream: a `node:http` handler and its request log. */
export interface FakeUpstream {
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  log: RequestLog;
}

/** Where the request log lives; outside `/v1` so it never collides with the API. */
export const LOG_PATH = '/_chat-contract/requests';

/**
 * Builds a scriptable OpenAI-compatible upstream (never listens): deterministic replies, faults on
 * `[[chat-contract:fault=…]]`, a request log at `LOG_PATH`.
 * @example
 * const fake = createFakeUpstream(); http.createServer(fake.handler).listen(0);
 */
export function createFakeUpstream(options: FakeUpstreamOptions = {}): FakeUpstream {
  const models = options.models?.length ? [...options.models] : [...FAKE_UPSTREAM_MODELS];
  const now = options.now ?? Date.now;
  const log = new RequestLog(options.logCapacity ?? 1000);
  const limit = options.bodyLimitBytes ?? 1024 * 1024;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === LOG_PATH && req.method === 'GET')
      return sendJson(res, 200, { object: 'list', data: log.list() });
    if (path === LOG_PATH && req.method === 'DELETE') {
      log.clear();
      return sendJson(res, 200, { deleted: true });
    }
    const entry = log.add({
      at: new Date(now()).toISOString(),
      method: req.method ?? 'GET',
      path,
      authorization: req.headers.authorization ?? null,
      body: null,
      model: null,
      stream: false,
      directives: {},
      status: null,
      state: 'in-progress',
      clientAborted: false,
      endedAt: null,
    });
    const controller = new AbortController();
    res.on('close', () => {
      entry.endedAt = new Date(now()).toISOString();
      entry.status = res.headersSent ? res.statusCode : null;
      if (entry.state === 'in-progress') {
        entry.state = res.writableFinished ? 'completed' : 'client-closed';
        entry.clientAborted = !res.writableFinished;
      }
      controller.abort();
    });
    const destroy = () => {
      entry.state = 'destroyed';
      // destroySoon flushes what was written (the response corks its socket) and then closes it, so
      // the client gets every chunk before the connection breaks without the stream's terminator.
      if (res.socket) res.socket.destroySoon();
      else res.destroy();
    };

    if (path === '/v1/models' && req.method === 'GET') {
      const data = models.map((id) => ({
        id,
        object: 'model',
        created: 1_700_000_000,
        owned_by: 'fake-upstream',
      }));
      return sendJson(res, 200, { object: 'list', data });
    }
    if (path !== '/v1/chat/completions') {
      return sendJson(
        res,
        404,
        errorBody(`Unknown route: ${req.method} ${path}`, 'invalid_request_error', 'not_found'),
      );
    }
    if (req.method !== 'POST') {
      return sendJson(
        res,
        405,
        errorBody(`Method ${req.method} is not allowed.`, 'invalid_request_error', null),
      );
    }
    const body = parseRequest(await readBody(req, limit));
    if (typeof body === 'string')
      return sendJson(res, 400, errorBody(body, 'invalid_request_error', 'invalid_value'));
    await complete(res, entry, body, controller.signal, destroy);
  }

  async function complete(
    res: ServerResponse,
    entry: RecordedRequest,
    body: CreateChatCompletionRequest,
    signal: AbortSignal,
    destroy: () => void,
  ): Promise<void> {
    const directives = parseDirectives(lastUserText(body.messages));
    Object.assign(entry, { body, model: body.model, stream: body.stream === true, directives });
    const plan = planReply(body, directives, entry.seq);
    const who = { id: `chatcmpl-fake-${entry.seq}`, created: Math.floor(now() / 1000), model: body.model };
    const fault = directives.fault;
    const status = fault?.startsWith('http-') ? Number(fault.slice(5)) : undefined;
    if (status !== undefined) {
      const code = status === 429 ? 'rate_limit_exceeded' : 'injected_fault';
      const type =
        status === 429 ? 'rate_limit_error' : status >= 500 ? 'server_error' : 'invalid_request_error';
      return sendJson(
        res,
        status >= 200 ? status : 500,
        errorBody(`Injected fault: HTTP ${status}.`, type, code),
      );
    }
    if (body.stream === true) {
      const includeUsage = body.stream_options?.include_usage === true;
      const outcome = await streamCompletion(
        res,
        { ...who, includeUsage, n: typeof body.n === 'number' && body.n >= 1 && body.n <= 128 ? body.n : 1 },
        plan,
        directives,
        signal,
        destroy,
      );
      if (outcome === 'completed' && entry.state === 'in-progress') entry.state = 'completed';
      return;
    }
    if (fault === 'hang') return untilAborted(signal);
    if (fault === 'before-first-token' || fault === 'mid-stream') return destroy();
    if (fault === 'error-frame') {
      return sendJson(res, 500, errorBody('Injected fault: error.', 'server_error', 'injected_fault'));
    }
    const delayMs = fault === 'slow' ? (directives.delayMs ?? DEFAULT_SLOW_MS) : (directives.delayMs ?? 0);
    if (delayMs > 0 && !(await sleep(delayMs * Math.max(1, plan.tokens.length), signal))) return;
    if (fault === 'malformed-chunk') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"chatcmpl-broken","choices":[');
      return;
    }
    sendJson(res, 200, defectiveCompletion(completion(who, plan), directives.defect));
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, errorBody('The fake upstream failed.', 'server_error', null));
      else res.destroy();
    });
  };
  return { handler, log };
}

/** The request as a chat completion request, or a message saying what is wrong with it. */
function parseRequest(raw: Buffer | undefined): CreateChatCompletionRequest | string {
  if (!raw) return 'The request body could not be read or is too large.';
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    return 'We could not parse the JSON body of your request.';
  }
  const v = value as Partial<CreateChatCompletionRequest> | null;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return 'The request body must be a JSON object.';
  if (typeof v.model !== 'string') return "Missing required parameter: 'model'.";
  if (!Array.isArray(v.messages) || v.messages.length === 0) return "Missing required parameter: 'messages'.";
  return v as CreateChatCompletionRequest;
}
