import { startFakeUpstream } from '../../src/start';
import { chatBody, eventually, rawRequest } from './rawClient';

describe('startFakeUpstream', () => {
  it('listens on a free loopback port, serves its base URL and stops', async () => {
    const up = await startFakeUpstream({ port: 0, models: ['m1', 'm2'] });
    try {
      expect(up.baseUrl).toBe(`http://127.0.0.1:${up.port}/v1`);
      const models = JSON.parse((await rawRequest(`${up.baseUrl}/models`)).text);
      expect(models.data.map((m: { id: string }) => m.id)).toEqual(['m1', 'm2']);
      const res = await rawRequest(`${up.baseUrl}/chat/completions`, {
        body: chatBody('x [[chat-contract:fault=hang]]'),
        abortAfterHeaders: false,
        timeoutMs: 200,
      }).catch((e: Error) => e);
      // A non-stream hang sends nothing at all: the client gives up first, and the log says so.
      expect(res).toBeInstanceOf(Error);
      const entry = await eventually(() =>
        up.log.list().find((e) => e.path === '/v1/chat/completions' && e.state !== 'in-progress'),
      );
      expect(entry).toMatchObject({ state: 'client-closed', clientAborted: true, status: null });
    } finally {
      await up.close();
    }
    await expect(rawRequest(`${up.baseUrl}/models`)).rejects.toThrow(/ECONNREFUSED/);
  });
});
