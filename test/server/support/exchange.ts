import pino from 'pino';
import { createScriptedBackend } from '../../../src/server/backends/scripted';
import type { ChatBackend } from '../../../src/server/backends/types';
import { createApp } from '../../../src/server/http/app';
import type { ServerOptions } from '../../../src/server/options';
import { readSse } from '../../../src/sse';
import { type Listening, listen } from '../../helpers/listen';

export const MODEL = 'chat-contract-scripted';
export const silent = pino({ level: 'silent' });

/** Starts the app on loopback with the given backend (scripted by default). */
export function serve(options: Partial<ServerOptions> & { backend?: ChatBackend } = {}): Promise<Listening> {
  return listen(createApp({ backend: createScriptedBackend(), logger: silent, ...options }));
}

/** A request body for the test model with one user message. */
export function ask(content: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: MODEL, messages: [{ role: 'user', content }], ...extra };
}

/** A decoded chunk, read loosely: the tests assert its shape. */
// biome-ignore lint/suspicious/noExplicitAny: chunks are probed field by field and the assertions check them
export type Loose = Record<string, any>;

/** A recorded HTTP exchange: status, headers, raw body and the decoded `data:` payloads. */
export interface Exchange {
  status: number;
  headers: Headers;
  text: string;
  /** `data:` payloads in order, raw. */
  data: string[];
  /** The payloads that are JSON (everything but `[DONE]`), parsed. */
  chunks: Loose[];
}

/** POSTs a completion request and reads the whole answer. */
export async function post(url: string, body: unknown, init: RequestInit = {}): Promise<Exchange> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...init,
  });
  const text = await res.text();
  const data = readSse(text).events.map((e) => e.data);
  const chunks = data.filter((d) => d !== '[DONE]').map((d) => JSON.parse(d) as Loose);
  return { status: res.status, headers: res.headers, text, data, chunks };
}

/** The concatenated content deltas of one choice. */
export function contentOf(chunks: Exchange['chunks'], index = 0): string {
  let out = '';
  for (const c of chunks)
    for (const ch of c.choices ?? []) if (ch.index === index && ch.delta?.content) out += ch.delta.content;
  return out;
}
