import OpenAI from 'openai';
import { type RunningReferenceServer, startServer } from '../../src';
import { openaiClientRequestFields, openaiSpecRequestFields, VALID_VALUES } from './request-fields';

const BASE = { model: 'chat-contract-scripted', messages: [{ role: 'user', content: 'hi' }] };

/** Fields another field only makes sense next to, as a client would send them together. */
const COMPANIONS: Record<string, Record<string, unknown>> = {
  stream_options: { stream: true },
  top_logprobs: { logprobs: true },
  tool_choice: { tools: VALID_VALUES.tools?.[0] },
  function_call: { functions: VALID_VALUES.functions?.[0] },
};

let server: RunningReferenceServer;
beforeAll(async () => {
  server = await startServer({ port: 0 });
});
afterAll(() => server.close());

/** Posts one request with `field: value` and returns the status and the body text. */
async function send(field: string, value: unknown): Promise<{ status: number; text: string }> {
  const body = { ...BASE, ...COMPANIONS[field], [field]: value };
  const res = await fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

/** Every (field, value) pair of the table for the given names; a name without values is its own row. */
function rows(names: readonly string[]): Array<[string, string, unknown]> {
  return names.flatMap((name) => {
    const values = VALID_VALUES[name];
    if (!values) return [[name, '(no value in VALID_VALUES)', undefined] as [string, string, unknown]];
    return values.map((v) => [name, JSON.stringify(v).slice(0, 60), v] as [string, string, unknown]);
  });
}

const specFields = openaiSpecRequestFields();
const clientFields = openaiClientRequestFields();

describe("request fields of OpenAI's spec", () => {
  it('are the 37 fields of CreateChatCompletionRequest in spec 2.3.0, each with valid values here', () => {
    expect(specFields).toHaveLength(37);
    expect(specFields.filter((f) => !VALID_VALUES[f])).toEqual([]);
  });

  it.each(rows(specFields))('accepts %s = %s', async (field, _shown, value) => {
    expect(VALID_VALUES[field]).toBeDefined();
    const { status, text } = await send(field, value);
    expect({ field, status, text: status === 200 ? '' : text }).toEqual({ field, status: 200, text: '' });
  });
});

describe('request fields the installed openai client can send', () => {
  it('are read from ChatCompletionCreateParamsBase in its .d.ts, including the three new ones', () => {
    expect(clientFields).toEqual(
      expect.arrayContaining([
        'messages',
        'model',
        'moderation',
        'prompt_cache_options',
        'prompt_cache_retention',
      ]),
    );
    // Every field the client declares needs a valid value in the table, so a new one fails here.
    expect(clientFields.filter((f) => !VALID_VALUES[f])).toEqual([]);
  });

  it.each(rows(clientFields))('are not answered 400: %s = %s', async (field, _shown, value) => {
    expect(VALID_VALUES[field]).toBeDefined();
    const { status, text } = await send(field, value);
    expect({ field, status, text: status === 400 ? text : '' }).toEqual({ field, status: 200, text: '' });
  });
});

describe('the official openai client', () => {
  it('gets answers, streamed and not, when it sets moderation and both prompt cache fields', async () => {
    const sent: unknown[] = [];
    const client = new OpenAI({
      apiKey: 'unused',
      baseURL: `${server.url}/v1`,
      maxRetries: 0,
      fetch: async (url, init) => {
        sent.push(JSON.parse(String(init?.body)));
        return fetch(url, init);
      },
    });
    const params = {
      model: 'chat-contract-scripted',
      messages: [{ role: 'user' as const, content: 'hi' }],
      moderation: { model: 'omni-moderation-latest', policy: { input: { mode: 'block' as const } } },
      prompt_cache_options: { ttl: '30m' as const, mode: 'implicit' as const },
      prompt_cache_retention: '24h' as const,
    };
    const completion = await client.chat.completions.create(params);
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    const stream = await client.chat.completions.create({ ...params, stream: true });
    let chunks = 0;
    for await (const _chunk of stream) chunks++;
    expect(chunks).toBeGreaterThan(1);
    expect(sent).toEqual([expect.objectContaining(params), expect.objectContaining(params)]);
  });
});

describe('behaviour the reconciliation keeps', () => {
  it.each<[string, string, string, Record<string, unknown>]>([
    ['an unknown top-level field', 'unknown_parameter', 'frobnicate', { frobnicate: 1 }],
    ['a value outside a closed enum', 'invalid_value', 'reasoning_effort', { reasoning_effort: 'ultra' }],
    [
      'a prompt cache ttl outside its enum',
      'invalid_value',
      'prompt_cache_options.ttl',
      { prompt_cache_options: { ttl: '1h' } },
    ],
    ['moderation without its model', 'missing_required_parameter', 'moderation.model', { moderation: {} }],
    ['n above the server limit', 'integer_above_max_value', 'n', { n: 128 }],
    [
      'max_tokens above the server limit',
      'integer_above_max_value',
      'max_tokens',
      { max_tokens: 10_000_000 },
    ],
  ])('rejects %s with 400 %s naming %s', async (_name, code, param, extra) => {
    const res = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...BASE, ...extra }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: unknown }).error).toMatchObject({ code, param });
  });
});
