import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { streamText } from 'ai';
import OpenAI from 'openai';

/** What an official client made of a stream. */
export type ClientOutcome = 'raised error' | 'looked successful' | 'hung' | 'not run';

/** The clients the harness runs, by the name reports use. */
export const REAL_CLIENTS = ['openai-node', 'ai-sdk'] as const;
export type RealClient = (typeof REAL_CLIENTS)[number];

/** One streamed request to replay through the official clients. */
export interface ClientProbe {
  /** What an OpenAI SDK takes as its base URL, e.g. `http://127.0.0.1:8080/v1`. */
  baseUrl: string;
  model: string;
  messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>;
  apiKey?: string;
  headers?: Record<string, string>;
  /** Longest wait for the whole stream; past it the outcome is `hung`. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

async function withDeadline(
  timeoutMs: number,
  body: (signal: AbortSignal) => Promise<ClientOutcome>,
): Promise<ClientOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await body(controller.signal);
  } catch {
    return controller.signal.aborted ? 'hung' : 'raised error';
  } finally {
    clearTimeout(timer);
  }
}

/** openai-node: raises on a `data: {"error":…}` frame (and `event: error`); a bare end of stream finishes normally. */
function runOpenAi(p: ClientProbe): Promise<ClientOutcome> {
  return withDeadline(p.timeoutMs, async (signal) => {
    const client = new OpenAI({
      apiKey: p.apiKey ?? 'unused',
      baseURL: p.baseUrl,
      maxRetries: 0,
      defaultHeaders: p.headers,
      ...(p.fetch ? { fetch: p.fetch } : {}),
    });
    const stream = await client.chat.completions.create(
      { model: p.model, messages: p.messages, stream: true },
      { signal },
    );
    for await (const _chunk of stream) {
      // Draining is the point: the client decides whether the stream failed.
    }
    // openai-node ends iteration quietly when its signal aborts.
    return signal.aborted ? 'hung' : 'looked successful';
  });
}

/** AI SDK: turns a `{error:{message}}` chunk into an error part; a stream with no finish_reason is an error too. */
function runAiSdk(p: ClientProbe): Promise<ClientOutcome> {
  return withDeadline(p.timeoutMs, async (signal) => {
    const provider = createOpenAICompatible({
      name: 'target',
      baseURL: p.baseUrl,
      apiKey: p.apiKey ?? 'unused',
      headers: p.headers,
      ...(p.fetch ? { fetch: p.fetch } : {}),
    });
    let failed = false;
    const result = streamText({
      model: provider.chatModel(p.model),
      messages: p.messages,
      maxRetries: 0,
      abortSignal: signal,
      onError: () => {
        failed = true;
      },
    });
    for await (const part of result.fullStream) {
      if (part.type === 'error') failed = true;
      if (part.type === 'finish' && (part.finishReason === 'error' || part.finishReason === 'other')) {
        failed = true;
      }
    }
    if (signal.aborted) return 'hung';
    return failed ? 'raised error' : 'looked successful';
  });
}

/**
 * Replays one request through the official `openai` client and the AI SDK and says, per client,
 * whether the failure was raised or looked like success.
 * @see https://github.com/openai/openai-node/blob/master/src/core/streaming.ts
 * @example const outcomes = await realClientOutcomes({ baseUrl, model, messages, timeoutMs: 5000 });
 */
export async function realClientOutcomes(probe: ClientProbe): Promise<Record<RealClient, ClientOutcome>> {
  const [openai, aiSdk] = await Promise.all([runOpenAi(probe), runAiSdk(probe)]);
  return { 'openai-node': openai, 'ai-sdk': aiSdk };
}
