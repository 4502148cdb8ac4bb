import OpenAI from 'openai';
import pino from 'pino';
import { createScriptedBackend } from '../../src/server/backends/scripted';
import { createApp } from '../../src/server/http/app';
import { toParam } from '../../src/server/http/validation';
import { type Listening, listen } from '../helpers/listen';

let srv: Listening;
beforeAll(async () => {
  srv = await listen(createApp({ backend: createScriptedBackend(), logger: pino({ level: 'silent' }) }));
});
afterAll(() => srv.close());

const user = [{ role: 'user', content: 'hi' }];
const ok = { model: 'chat-contract-scripted', messages: user };

type Case = { body: string; contentType?: string; status: number; code: string; param: string | null };
const json = (v: unknown) => JSON.stringify(v);

const cases: Array<[string, Case]> = [
  ['malformed JSON', { body: '{"model":', status: 400, code: 'invalid_json', param: null }],
  ['empty body', { body: '', status: 400, code: 'invalid_json', param: null }],
  ['a JSON array body', { body: '[1]', status: 400, code: 'invalid_type', param: null }],
  [
    'missing messages',
    { body: json({ model: 'm' }), status: 400, code: 'missing_required_parameter', param: 'messages' },
  ],
  [
    'missing model',
    { body: json({ messages: user }), status: 400, code: 'missing_required_parameter', param: 'model' },
  ],
  [
    'empty messages',
    { body: json({ ...ok, messages: [] }), status: 400, code: 'invalid_value', param: 'messages' },
  ],
  [
    'non-array messages',
    { body: json({ ...ok, messages: 'hi' }), status: 400, code: 'invalid_type', param: 'messages' },
  ],
  [
    'unknown role',
    {
      body: json({ ...ok, messages: [{ role: 'robot', content: 'x' }] }),
      status: 400,
      code: 'invalid_value',
      param: 'messages[0].role',
    },
  ],
  [
    'user message without content',
    {
      body: json({ ...ok, messages: [{ role: 'user' }] }),
      status: 400,
      code: 'missing_required_parameter',
      param: 'messages[0].content',
    },
  ],
  [
    'tool message without tool_call_id',
    {
      body: json({ ...ok, messages: [...user, { role: 'tool', content: 'r' }] }),
      status: 400,
      code: 'missing_required_parameter',
      param: 'messages[1].tool_call_id',
    },
  ],
  [
    'stream as a string',
    { body: json({ ...ok, stream: 'yes' }), status: 400, code: 'invalid_type', param: 'stream' },
  ],
  [
    'temperature above 2',
    { body: json({ ...ok, temperature: 5 }), status: 400, code: 'invalid_value', param: 'temperature' },
  ],
  ['n of zero', { body: json({ ...ok, n: 0 }), status: 400, code: 'invalid_value', param: 'n' }],
  [
    'five stop strings',
    {
      body: json({ ...ok, stop: ['a', 'b', 'c', 'd', 'e'] }),
      status: 400,
      code: 'invalid_value',
      param: 'stop',
    },
  ],
  [
    'an unknown top-level field',
    { body: json({ ...ok, frobnicate: true }), status: 400, code: 'unknown_parameter', param: 'frobnicate' },
  ],
  [
    'include_usage as a string',
    {
      body: json({ ...ok, stream_options: { include_usage: 'yes' } }),
      status: 400,
      code: 'invalid_type',
      param: 'stream_options.include_usage',
    },
  ],
  [
    'a text/plain body',
    { body: json(ok), contentType: 'text/plain', status: 415, code: 'unsupported_media_type', param: null },
  ],
  [
    'a body over 1 MiB',
    {
      body: json({ ...ok, messages: [{ role: 'user', content: 'x'.repeat(1024 * 1024 + 10) }] }),
      status: 413,
      code: 'body_too_large',
      param: null,
    },
  ],
];

describe('request validation from the contract', () => {
  it.each(cases)('answers %s with its status, code and param', async (_name, c) => {
    const res = await fetch(`${srv.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': c.contentType ?? 'application/json' },
      body: c.body,
    });
    expect(res.status).toBe(c.status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { error: Record<string, unknown> };
    expect(body.error).toEqual({
      message: expect.any(String),
      type: 'invalid_request_error',
      param: c.param,
      code: c.code,
    });
    expect(body.error.message).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['GET', '/v1/nowhere', 404, 'not_found'],
    ['DELETE', '/v1/chat/completions', 405, 'method_not_allowed'],
    ['GET', '/v1/models/no-such-model', 404, 'model_not_found'],
  ])('answers %s %s with %i JSON', async (method, path, status, code) => {
    const res = await fetch(`${srv.url}${path}`, { method });
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it('passes a body the official openai client builds with store, metadata and tools', async () => {
    let sent: Record<string, unknown> | undefined;
    const client = new OpenAI({
      apiKey: 'unused',
      baseURL: `${srv.url}/v1`,
      maxRetries: 0,
      fetch: async (url, init) => {
        sent = JSON.parse(String(init?.body));
        return fetch(url, init);
      },
    });
    const call = client.chat.completions.create({
      model: 'chat-contract-scripted',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: [{ type: 'text', text: 'weather?' }] },
      ],
      store: false,
      metadata: { team: 'qa' },
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
      tool_choice: 'auto',
      stream_options: null,
      temperature: 0.2,
    });
    const status = await call.then(
      () => 200,
      (err: { status?: number }) => err.status,
    );
    expect(sent).toMatchObject({ store: false, metadata: { team: 'qa' } });
    expect(status).toBe(200);
  });
});

describe('toParam', () => {
  it.each([
    ['/requestBody/messages/0/role', undefined, 'messages[0].role'],
    ['/requestBody', 'model', 'model'],
    ['/requestBody/stream_options', 'include_usage', 'stream_options.include_usage'],
    ['/requestBody', undefined, null],
  ])('maps %s + %s to %s', (path, child, want) => {
    expect(toParam(path, child)).toBe(want);
  });
});

describe('health and models', () => {
  it('answers /health with status ok', async () => {
    const res = await fetch(`${srv.url}/health`);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
  it('lists the scripted model', async () => {
    const res = await fetch(`${srv.url}/v1/models`);
    const body = (await res.json()) as { object: string; data: Array<{ id: string }> };
    expect(body.object).toBe('list');
    expect(body.data.map((m) => m.id)).toContain('chat-contract-scripted');
  });
});
