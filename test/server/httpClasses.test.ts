import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createScriptedBackend } from '../../src/server/backends/scripted';
import { createApp } from '../../src/server/http/app';
import { httpClassesFor } from '../../src/server/http/httpClasses';
import { ask, silent } from './support/exchange';

describe('httpClassesFor', () => {
  it("builds requests and responses that already have the app's prototypes, and the app still serves them", async () => {
    const app = createApp({ backend: createScriptedBackend(), logger: silent });
    const classes = httpClassesFor(app);
    const seen: Array<[unknown, unknown]> = [];
    const server = createServer({ ...classes }, (req: IncomingMessage, res: ServerResponse) => {
      seen.push([Object.getPrototypeOf(req), Object.getPrototypeOf(res)]);
      app(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ask('hello there', { stream: true })),
      });
      const text = await res.text();
      expect(res.status).toBe(200);
      expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
      // Before express touched them: nothing left for its per-request Object.setPrototypeOf to change.
      expect(seen).toEqual([[app.request, app.response]]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
