import { compileSchema } from '../../src/contract';
import {
  createFakeUpstream,
  FAULT_ERROR_FRAME,
  LOG_PATH,
  MALFORMED_DATA,
  type RecordedRequest,
} from '../../src/fake-upstream';
import { type Listening, listen } from '../helpers/listen';
import { chatBody, dataLines, eventually, rawRequest } from './rawClient';

const validChunk = compileSchema('ChatCompletionChunk');
const validCompletion = compileSchema('ChatCompletion');
const validError = compileSchema('ErrorResponse');

let up: Listening;
let fake: ReturnType<typeof createFakeUpstream>;
const completions = () => `${up.url}/v1/chat/completions`;

beforeAll(async () => {
  fake = createFakeUpstream({ now: () => 1_750_000_000_000 });
  up = await listen(fake.handler);
});
afterAll(() => up.close());
beforeEach(() => fake.log.clear());

describe('fake upstream success replies', () => {
  it('streams OpenAI-exact chunks: role chunk, content, empty-delta finish, usage, [DONE]', async () => {
    const body = chatBody('alpha beta gamma', { stream: true, stream_options: { include_usage: true } });
    const res = await rawRequest(completions(), { body });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(res.ended).toBe('end');
    const data = dataLines(res.text);
    expect(data.at(-1)).toBe('[DONE]');
    expect(res.text.endsWith('data: [DONE]\n\n')).toBe(true);
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
    for (const c of chunks) expect(validChunk(c)).toBe(true);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(new Set(chunks.map((c) => c.created)).size).toBe(1);
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    expect(text).toBe('alpha beta gamma');
    const finish = chunks.at(-2);
    expect(finish.choices[0]).toEqual({ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' });
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 3, total_tokens: 6 } });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });

  it('omits the usage chunk and the null usage fields when include_usage is not asked for', async () => {
    const res = await rawRequest(completions(), { body: chatBody('one two', { stream: true }) });
    const chunks = dataLines(res.text)
      .slice(0, -1)
      .map((d) => JSON.parse(d));
    expect(chunks.at(-1).choices[0].finish_reason).toBe('stop');
    expect(chunks.some((c) => 'usage' in c)).toBe(false);
  });

  it('cuts the reply at max_tokens and finishes with length', async () => {
    const res = await rawRequest(completions(), {
      body: chatBody('a b c d e', { stream: true, max_tokens: 2 }),
    });
    const chunks = dataLines(res.text)
      .slice(0, -1)
      .map((d) => JSON.parse(d));
    expect(chunks.filter((c) => c.choices[0].delta.content).length).toBe(2);
    expect(chunks.at(-1).choices[0].finish_reason).toBe('length');
  });

  it('streams a tool call when asked for a declared tool', async () => {
    const tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }];
    const res = await rawRequest(completions(), {
      body: chatBody('find x [[chat-contract:tool=lookup]]', { stream: true, tools }),
    });
    const chunks = dataLines(res.text)
      .slice(0, -1)
      .map((d) => JSON.parse(d));
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: null });
    const calls = chunks.flatMap((c) => c.choices[0].delta.tool_calls ?? []);
    expect(calls[0]).toMatchObject({ index: 0, type: 'function', function: { name: 'lookup' } });
    expect(JSON.parse(calls.map((c) => c.function.arguments).join(''))).toEqual({ text: 'find x' });
    expect(chunks.at(-1).choices[0].finish_reason).toBe('tool_calls');
  });

  it('answers a non-stream request with a valid chat.completion document', async () => {
    const res = await rawRequest(completions(), { body: chatBody('hello world [[chat-contract:tokens=3]]') });
    expect(res.status).toBe(200);
    const doc = JSON.parse(res.text);
    expect(validCompletion(doc)).toBe(true);
    expect(doc.choices[0].message.content).toBe('hello world hello');
    expect(doc.usage).toEqual({ prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 });
  });

  it('lists its models', async () => {
    const res = await rawRequest(`${up.url}/v1/models`);
    expect(JSON.parse(res.text)).toEqual({
      object: 'list',
      data: [
        { id: 'fake-upstream-model', object: 'model', created: 1_700_000_000, owned_by: 'fake-upstream' },
      ],
    });
  });

  it.each([
    ['invalid JSON', '{"model":'],
    ['no messages', { model: 'm' }],
    ['an array body', []],
  ])('answers %s with 400 in the error envelope', async (_name, body) => {
    const res = await rawRequest(completions(), { body });
    expect(res.status).toBe(400);
    expect(validError(JSON.parse(res.text))).toBe(true);
  });

  it('answers an unknown route with 404 in the envelope', async () => {
    const res = await rawRequest(`${up.url}/v1/nothing`);
    expect(res.status).toBe(404);
    expect(validError(JSON.parse(res.text))).toBe(true);
  });
});

describe('fake upstream stream faults', () => {
  it.each([
    ['http-500', 500],
    ['http-503', 503],
    ['http-429', 429],
  ])('%s answers that status with an error envelope before any stream byte', async (fault, status) => {
    const res = await rawRequest(completions(), {
      body: chatBody(`hi [[chat-contract:fault=${fault}]]`, { stream: true }),
    });
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe('application/json');
    const doc = JSON.parse(res.text);
    expect(validError(doc)).toBe(true);
    expect(res.text).not.toContain('data:');
  });

  it('before-first-token sends 200 SSE headers and ends with an empty body', async () => {
    const res = await rawRequest(completions(), {
      body: chatBody('hi [[chat-contract:fault=before-first-token]]', { stream: true }),
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(res.text).toBe('');
    expect(res.ended).toBe('end');
  });

  it.each([
    ['default after', '', 2],
    ['after=0', '[[chat-contract:after=0]]', 0],
    ['after=3', '[[chat-contract:after=3]]', 3],
  ])(
    'mid-stream (%s) sends the role chunk and k content chunks, then breaks the connection',
    async (_n, extra, k) => {
      const res = await rawRequest(completions(), {
        body: chatBody(`a b c d e f [[chat-contract:fault=mid-stream]] ${extra}`, { stream: true }),
      });
      expect(res.status).toBe(200);
      expect(res.ended).toBe('reset');
      const data = dataLines(res.text);
      expect(data).toHaveLength(1 + k);
      expect(data).not.toContain('[DONE]');
      await eventually(() => (fake.log.list()[0]?.state === 'destroyed' ? true : undefined));
      expect(fake.log.list()[0]?.clientAborted).toBe(false);
    },
  );

  it('error-frame sends k chunks, then an error data frame, then ends without [DONE]', async () => {
    const res = await rawRequest(completions(), {
      body: chatBody('a b c d [[chat-contract:fault=error-frame]] [[chat-contract:after=1]]', {
        stream: true,
      }),
    });
    expect(res.ended).toBe('end');
    const data = dataLines(res.text);
    expect(data).toHaveLength(3);
    expect(JSON.parse(data[2] ?? '')).toEqual(FAULT_ERROR_FRAME);
    expect(data).not.toContain('[DONE]');
  });

  it('malformed-chunk sends a data line of invalid JSON after k chunks, then continues to [DONE]', async () => {
    const res = await rawRequest(completions(), {
      body: chatBody('a b c d [[chat-contract:fault=malformed-chunk]]', { stream: true }),
    });
    const data = dataLines(res.text);
    expect(data[3]).toBe(MALFORMED_DATA);
    expect(() => JSON.parse(MALFORMED_DATA)).toThrow();
    expect(data.at(-1)).toBe('[DONE]');
    const text = data
      .filter((d, i) => i !== 3 && d !== '[DONE]')
      .map((d) => JSON.parse(d).choices[0]?.delta?.content ?? '')
      .join('');
    expect(text).toBe('a b c d');
  });

  it('hang sends headers then stays silent until the client leaves, and logs the abort', async () => {
    const res = await rawRequest(completions(), {
      body: chatBody('hi [[chat-contract:fault=hang]]', { stream: true }),
      abortAfterHeaders: true,
    });
    expect(res.status).toBe(200);
    const entry = await eventually(() => fake.log.list().find((e) => e.state !== 'in-progress'));
    expect(entry).toMatchObject({ state: 'client-closed', clientAborted: true, status: 200 });
  });

  it('slow waits delay-ms before each token and still completes', async () => {
    const started = Date.now();
    const res = await rawRequest(completions(), {
      body: chatBody('a b c [[chat-contract:fault=slow]] [[chat-contract:delay-ms=40]]', { stream: true }),
    });
    // A lower bound, not a speed target: three tokens cannot arrive sooner than three delays.
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(dataLines(res.text).at(-1)).toBe('[DONE]');
  });
});

describe('fake upstream non-stream faults', () => {
  it.each([
    ['http-503', 503, 'end'],
    ['error-frame', 500, 'end'],
  ])('%s answers %s with the envelope', async (fault, status, ended) => {
    const res = await rawRequest(completions(), { body: chatBody(`x [[chat-contract:fault=${fault}]]`) });
    expect(res.status).toBe(status);
    expect(res.ended).toBe(ended);
    expect(validError(JSON.parse(res.text))).toBe(true);
  });

  it.each(['before-first-token', 'mid-stream'])(
    '%s breaks the connection before a response',
    async (fault) => {
      await expect(
        rawRequest(completions(), { body: chatBody(`x [[chat-contract:fault=${fault}]]`) }),
      ).rejects.toThrow(/socket hang up|ECONNRESET/);
    },
  );
});

describe('fake upstream request log', () => {
  const getLog = async (): Promise<RecordedRequest[]> =>
    JSON.parse((await rawRequest(`${up.url}${LOG_PATH}`)).text).data;

  it('records model, body, directives, authorization and the completion state', async () => {
    await rawRequest(completions(), {
      body: chatBody('hi [[chat-contract:tokens=2]]', { stream: true, model: 'some-model' }),
    });
    const [entry] = await eventually(async () => {
      const list = await getLog();
      return list[0]?.state === 'completed' ? list : undefined;
    });
    expect(entry).toMatchObject({
      seq: expect.any(Number),
      method: 'POST',
      path: '/v1/chat/completions',
      model: 'some-model',
      stream: true,
      directives: { tokens: 2 },
      status: 200,
      clientAborted: false,
      authorization: null,
    });
    expect(entry?.body).toMatchObject({ model: 'some-model' });
    expect(Date.parse(entry?.at ?? '')).toBe(1_750_000_000_000);
  });

  it('is cleared by DELETE', async () => {
    await rawRequest(completions(), { body: chatBody('hi') });
    expect((await getLog()).length).toBe(1);
    const res = await rawRequest(`${up.url}${LOG_PATH}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await getLog()).toEqual([]);
  });

  it('keeps only the newest entries past its capacity', async () => {
    const small = createFakeUpstream({ logCapacity: 3 });
    const server = await listen(small.handler);
    try {
      for (let i = 0; i < 5; i++)
        await rawRequest(`${server.url}/v1/chat/completions`, { body: chatBody(`n${i}`) });
      expect(small.log.list().map((e) => e.seq)).toEqual([3, 4, 5]);
    } finally {
      await server.close();
    }
  });
});
