import { request } from 'node:http';

/** What a raw loopback request saw: status, headers, every byte, and how the connection ended. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** `end`: the response completed; `reset`: the connection broke before it did. */
  ended: 'end' | 'reset';
}

/**
 * POSTs (or GETs; a string body is sent as is) over node:http so broken connections show as `reset` instead of a fetch error.
 * `abortAfterHeaders` closes the connection once the status line arrived (for `hang`).
 */
export function rawRequest(
  url: string,
  options: { method?: string; body?: unknown; abortAfterHeaders?: boolean; timeoutMs?: number } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const payload =
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body);
    const req = request(url, {
      method: options.method ?? (payload ? 'POST' : 'GET'),
      headers: payload ? { 'content-type': 'application/json' } : {},
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer from ${url} within ${options.timeoutMs ?? 5000} ms`));
    }, options.timeoutMs ?? 5000);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.on('response', (res) => {
      let text = '';
      const done = (ended: RawResponse['ended']) => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, ended });
      };
      if (options.abortAfterHeaders) {
        req.destroy();
        done('reset');
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (part: string) => {
        text += part;
      });
      res.on('error', () => undefined);
      res.on('close', () => done(res.complete ? 'end' : 'reset'));
    });
    req.end(payload);
  });
}

/** The `data:` payloads of an SSE body, in order. */
export function dataLines(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => l.slice(6));
}

/** Polls until `check` returns a value (bounded by `timeoutMs`), for state that settles asynchronously. */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 3000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < 1000; i++) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

/** A chat completion request whose last user message carries `text` (directives included). */
export function chatBody(text: string, extra: Record<string, unknown> = {}) {
  return { model: 'fake-upstream-model', messages: [{ role: 'user', content: text }], ...extra };
}
