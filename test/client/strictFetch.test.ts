import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { streamText } from 'ai';
import OpenAI from 'openai';
import { ChatStreamTruncatedError, strictFetch } from '../../src/client';
import { type Listening, listen } from '../helpers/listen';

const chunk = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const role = chunk({ role: 'assistant', content: '' });

/** Stream bodies named after what they are. */
const bodies: Record<string, string> = {
  complete: `${role}${chunk({ content: 'Hel' })}${chunk({ content: 'lo' })}${chunk({}, 'stop')}data: [DONE]\n\n`,
  'finish-without-done': `${role}${chunk({ content: 'Hel' })}${chunk({}, 'stop')}`,
  'bare-end': `${role}${chunk({ content: 'Hel' })}`,
  'done-without-finish': `${role}${chunk({ content: 'Hel' })}data: [DONE]\n\n`,
  'error-frame': `${role}data: {"error":{"message":"boom","type":"server_error","param":null,"code":"backend_error"}}\n\n`,
};

let server: Listening;
beforeAll(async () => {
  server = await listen((req: { url?: string }, res: import('node:http').ServerResponse) => {
    const name = decodeURIComponent((req.url ?? '').split('/')[1] ?? '');
    if (name === 'json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(bodies[name] ?? '');
  });
});
afterAll(() => server.close());

interface Seen {
  text: string;
  error?: unknown;
}

async function viaOpenAi(name: string, fetchImpl?: typeof fetch): Promise<Seen & { chunks: unknown[] }> {
  const client = new OpenAI({
    apiKey: 'unused',
    baseURL: `${server.url}/${name}/v1`,
    maxRetries: 0,
    fetch: fetchImpl,
  });
  const chunks: unknown[] = [];
  let text = '';
  try {
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    for await (const c of stream) {
      chunks.push(c);
      text += c.choices[0]?.delta.content ?? '';
    }
    return { text, chunks };
  } catch (error) {
    return { text, chunks, error };
  }
}

async function viaAiSdk(name: string, fetchImpl?: typeof fetch): Promise<Seen & { finishReason?: string }> {
  const provider = createOpenAICompatible({
    name: 'target',
    baseURL: `${server.url}/${name}/v1`,
    apiKey: 'unused',
    fetch: fetchImpl,
  });
  let text = '';
  let error: unknown;
  let finishReason: string | undefined;
  const result = streamText({
    model: provider.chatModel('m'),
    messages: [{ role: 'user', content: 'hi' }],
    maxRetries: 0,
    onError: ({ error: e }) => {
      error ??= e;
    },
  });
  try {
    for await (const part of result.fullStream) {
      if (part.type === 'text-delta') text += part.text;
      if (part.type === 'error') error ??= part.error;
      if (part.type === 'finish') finishReason = part.finishReason;
    }
  } catch (e) {
    error ??= e;
  }
  return error === undefined ? { text, finishReason } : { text, finishReason, error };
}

/** The error itself or the first cause in its chain that is a truncation. */
function truncation(error: unknown): ChatStreamTruncatedError | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof ChatStreamTruncatedError) return e;
  }
  return undefined;
}

describe('strictFetch', () => {
  it.each(['finish-without-done', 'bare-end'])(
    'openai-node takes %s for success, and raises with the guard',
    async (name) => {
      const plain = await viaOpenAi(name);
      expect(plain.error).toBeUndefined();
      expect(plain.text).toBe('Hel');
      const guarded = await viaOpenAi(name, strictFetch());
      expect(guarded.error).toBeInstanceOf(ChatStreamTruncatedError);
    },
  );

  it('the AI SDK takes finish-without-done for success, and raises with the guard', async () => {
    const plain = await viaAiSdk('finish-without-done');
    expect(plain).toEqual({ text: 'Hel', finishReason: 'stop' });
    const guarded = await viaAiSdk('finish-without-done', strictFetch());
    expect(truncation(guarded.error)).toBeInstanceOf(ChatStreamTruncatedError);
  });

  it('openai-node takes [DONE] before any finish for success, and raises with the guard', async () => {
    const plain = await viaOpenAi('done-without-finish');
    expect(plain.error).toBeUndefined();
    expect(plain.text).toBe('Hel');
    const guarded = await viaOpenAi('done-without-finish', strictFetch());
    expect(truncation(guarded.error)?.reason).toBe('unfinished-choice');
  });

  it('the AI SDK reports the truncation itself as the cause of its error', async () => {
    const guarded = await viaAiSdk('bare-end', strictFetch());
    expect(truncation(guarded.error)?.reason).toBe('no-done');
  });

  it('leaves an error frame to the clients, which raise their own error on it', async () => {
    for (const run of [viaOpenAi, viaAiSdk]) {
      const plain = await run('error-frame');
      const guarded = await run('error-frame', strictFetch());
      expect(plain.error).toBeDefined();
      expect(truncation(guarded.error)).toBeUndefined();
      expect(String(guarded.error)).toBe(String(plain.error));
    }
  });

  it('passes a complete stream byte for byte, and the clients see the same result', async () => {
    const url = `${server.url}/complete/v1/chat/completions`;
    const plainBytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    const guardedBytes = new Uint8Array(await (await strictFetch()(url)).arrayBuffer());
    expect(Buffer.from(guardedBytes).equals(Buffer.from(plainBytes))).toBe(true);
    expect(new TextDecoder().decode(plainBytes)).toBe(bodies.complete);

    const openai = [await viaOpenAi('complete'), await viaOpenAi('complete', strictFetch())];
    expect(openai[0]?.error).toBeUndefined();
    expect(openai[0]?.text).toBe('Hello');
    expect(openai[1]).toEqual(openai[0]);
    const aiSdk = [await viaAiSdk('complete'), await viaAiSdk('complete', strictFetch())];
    expect(aiSdk[0]).toEqual({ text: 'Hello', finishReason: 'stop' });
    expect(aiSdk[1]).toEqual(aiSdk[0]);
  });

  it('returns other responses untouched, and keeps the URL of the ones it guards', async () => {
    const answers = new Map<string, Response>();
    const recording: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      answers.set(String(input), res);
      return res;
    };
    const json = `${server.url}/json`;
    expect(await strictFetch(recording)(json)).toBe(answers.get(json));
    const sse = `${server.url}/complete`;
    const guarded = await strictFetch(recording)(sse);
    expect(guarded).not.toBe(answers.get(sse));
    expect(guarded.url).toBe(sse);
    expect(guarded.status).toBe(200);
    expect(guarded.headers.get('content-type')).toBe('text/event-stream');
    await guarded.arrayBuffer();
  });
});
