import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { realClientOutcomes } from '../../src/harness/record/realClients';

const chunk = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

/** Stream bodies named after what they show a client. */
const bodies: Record<string, string> = {
  success: `${chunk({ role: 'assistant', content: '' })}${chunk({ content: 'hi' })}${chunk({}, 'stop')}data: [DONE]\n\n`,
  'failure-dressed-as-success': `${chunk({ role: 'assistant', content: '' })}${chunk({ content: 'par' })}${chunk({}, 'stop')}data: [DONE]\n\n`,
  'error-frame': `${chunk({ role: 'assistant', content: '' })}${chunk({ content: 'par' })}data: {"error":{"message":"boom","type":"server_error","param":null,"code":"backend_error"}}\n\n`,
  'bare-truncation': `${chunk({ role: 'assistant', content: '' })}${chunk({ content: 'par' })}`,
};

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '').split('/')[1] ?? '');
    if (name === 'hang') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk({ role: 'assistant', content: '' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(bodies[name] ?? '');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    }),
);

const probe = (name: string, timeoutMs = 5000) =>
  realClientOutcomes({
    baseUrl: `${base}/${name}/v1`,
    model: 'm',
    messages: [{ role: 'user', content: 'hi' }],
    timeoutMs,
  });

describe('what real clients see', () => {
  it('both clients accept a correct stream', async () => {
    expect(await probe('success')).toEqual({
      'openai-node': 'looked successful',
      'ai-sdk': 'looked successful',
    });
  });

  it('both clients take a failure dressed as stop + [DONE] for success', async () => {
    expect(await probe('failure-dressed-as-success')).toEqual({
      'openai-node': 'looked successful',
      'ai-sdk': 'looked successful',
    });
  });

  it('both clients raise on an in-band error frame', async () => {
    expect(await probe('error-frame')).toEqual({ 'openai-node': 'raised error', 'ai-sdk': 'raised error' });
  });

  it('openai-node takes a bare truncated stream for success', async () => {
    const seen = await probe('bare-truncation');
    expect(seen['openai-node']).toBe('looked successful');
    // The AI SDK turns a stream without any finish_reason into an error.
    expect(seen['ai-sdk']).toBe('raised error');
  });

  it('reports a stream that never ends as hung', async () => {
    expect(await probe('hang', 300)).toEqual({ 'openai-node': 'hung', 'ai-sdk': 'hung' });
  });
});
