import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/** A loopback server started by a test on port 0. */
export interface Listening {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:0 and returns the base URL and a closer that also drops open streams. */
export async function listen(app: Express | ((req: never, res: never) => void)): Promise<Listening> {
  const { createServer } = await import('node:http');
  const server = createServer(app as never);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
