import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Rewrites one SSE event block (without its blank line) of the `stream`-th stream (0-based); null drops it. */
export type EventRewrite = (block: string, index: number, stream: number) => string | null;

/** A defective server on loopback: the reference server behind a proxy that rewrites its streams. */
export interface RewritingProxy {
  /** OpenAI base URL, e.g. `http://127.0.0.1:PORT/v1`. */
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts a real HTTP proxy on 127.0.0.1:0 in front of `realUrl` (no `/v1`) that passes every
 * request on and rewrites each SSE event through `rewrite` — a broken server other processes can
 * reach (the CLI in a child process, a matrix run).
 */
export async function startRewritingProxy(realUrl: string, rewrite: EventRewrite): Promise<RewritingProxy> {
  let streams = 0;
  const target = new URL(realUrl);
  const server = createServer((req, res) => {
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (up) => {
        const sse = (up.headers['content-type'] ?? '').startsWith('text/event-stream');
        const headers = { ...up.headers };
        delete headers['content-length'];
        res.writeHead(up.statusCode ?? 502, headers);
        if (!sse) {
          up.pipe(res);
          return;
        }
        const stream = streams++;
        let pending = '';
        let index = 0;
        up.setEncoding('utf8');
        up.on('data', (chunk: string) => {
          pending += chunk;
          let cut = pending.indexOf('\n\n');
          while (cut >= 0) {
            const out = rewrite(pending.slice(0, cut), index++, stream);
            if (out !== null) res.write(`${out}\n\n`);
            pending = pending.slice(cut + 2);
            cut = pending.indexOf('\n\n');
          }
        });
        up.on('end', () => res.end(pending));
        up.on('error', () => res.destroy());
      },
    );
    upstream.on('error', () => res.destroy());
    // The client hung up before the answer ended: pass the abort on.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Gives every chunk a fixed id and created time (so two runs quote the same lines), and on the
 * streams `which` picks a different id after the first chunk: a stable-id defect.
 */
export function changeIdOn(which: (stream: number) => boolean): EventRewrite {
  return (block, index, stream) =>
    block
      .replace(
        /"id":"[^"]+"/,
        which(stream) && index > 0 ? '"id":"chatcmpl-changed"' : '"id":"chatcmpl-fixed"',
      )
      .replace(/"created":\d+/, '"created":1700000000');
}
