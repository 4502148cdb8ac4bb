import express from 'express';
import pino from 'pino';
import { createScriptedBackend } from '../../src/server/backends/scripted';
import type { ChatBackend } from '../../src/server/backends/types';
import { createApp } from '../../src/server/http/app';
import { type Listening, listen } from '../helpers/listen';

const ok = { model: 'chat-contract-scripted', messages: [{ role: 'user', content: 'hi' }] };
const post = (url: string, body: unknown = ok) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the chat route ahead of express dispatch', () => {
  let servers: Listening[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });
  const start = async (app: express.Express) => {
    const srv = await listen(app);
    servers.push(srv);
    return srv;
  };

  it('answers a step that throws with a 500 envelope, and goes on serving', async () => {
    const scripted = createScriptedBackend();
    let broken = true;
    const backend: ChatBackend = {
      ...scripted,
      models: () => {
        if (broken) throw new Error('/secret/path exploded');
        return scripted.models();
      },
    };
    const srv = await start(createApp({ backend, logger: pino({ level: 'silent' }) }));
    for (const path of ['/v1/chat/completions', '/v1/chat/completions?via=chain']) {
      const res = await post(`${srv.url}${path}`);
      expect(res.status).toBe(500);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('internal_error');
      expect(body.error.message).not.toMatch(/secret|exploded/);
    }
    broken = false;
    expect((await post(`${srv.url}/v1/chat/completions`)).status).toBe(200);
  });

  it('serves chat requests of an app mounted in another app through express dispatch', async () => {
    const inner = createApp({ backend: createScriptedBackend(), logger: pino({ level: 'silent' }) });
    const outer = express();
    outer.use('/api', inner);
    const srv = await start(outer);
    const res = await post(`${srv.url}/api/v1/chat/completions`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(((await res.json()) as { object: string }).object).toBe('chat.completion');
    const bad = await post(`${srv.url}/api/v1/chat/completions`, { model: 'chat-contract-scripted' });
    expect(bad.status).toBe(400);
  });

  it('gives the same request id, headers and answer on both routes', async () => {
    const srv = await start(
      createApp({ backend: createScriptedBackend(), logger: pino({ level: 'silent' }) }),
    );
    const seeded = { ...ok, seed: 7 };
    const answers = [];
    for (const path of ['/v1/chat/completions', '/v1/chat/completions?via=chain']) {
      const res = await fetch(`${srv.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'req-1' },
        body: JSON.stringify(seeded),
      });
      const body = (await res.json()) as { choices: unknown };
      answers.push({
        status: res.status,
        id: res.headers.get('x-request-id'),
        type: res.headers.get('content-type'),
        choices: body.choices,
      });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]?.id).toBe('req-1');
  });
});
