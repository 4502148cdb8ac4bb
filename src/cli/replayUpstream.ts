import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReplayUpstream, loadReplay, type ReplayTiming } from '../fake-upstream/replay';

/** A running replay upstream. */
export interface RunningReplay {
  /** The OpenAI base URL, e.g. `http://127.0.0.1:8081/v1`. */
  baseUrl: string;
  /** Chat answers available to replay. */
  entries: number;
  close(): Promise<void>;
}

/**
 * Serves a `check --record` directory as a fake upstream on `host:port` (0 picks a free port).
 * @example const up = await startReplayUpstream('rec', { port: 0, timing: 'instant' });
 */
export async function startReplayUpstream(
  dir: string,
  options: { host?: string; port?: number; timing?: ReplayTiming } = {},
): Promise<RunningReplay> {
  const source = await loadReplay(dir);
  const server = createServer(createReplayUpstream(source, options.timing ?? 'recorded'));
  const host = options.host ?? '127.0.0.1';
  server.listen(options.port ?? 8081, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://${host.includes(':') ? `[${host}]` : host}:${port}/v1`,
    entries: source.entries.length,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
