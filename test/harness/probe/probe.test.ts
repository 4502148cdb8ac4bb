import type { IncomingMessage, ServerResponse } from 'node:http';
import { probeTarget } from '../../../src/harness/probe';
import { type RunningServer, startServer } from '../../../src/start';
import { type Listening, listen } from '../../helpers/listen';

/** A server that answers every request with the same long, single-choice reply: it ignores max_tokens and n. */
function careless(req: IncomingMessage, res: ServerResponse): void {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          object: 'list',
          data: [{ id: 'careless', object: 'model', created: 1, owned_by: 'test' }],
        }),
      );
      return;
    }
    const request = JSON.parse(body) as { logprobs?: boolean };
    if (request.logprobs) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: {
            message: 'logprobs is not supported',
            type: 'invalid_request_error',
            param: 'logprobs',
            code: null,
          },
        }),
      );
      return;
    }
    const content =
      'The quick brown fox jumps over the lazy dog near a quiet river bank every single morning.';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1,
        model: 'careless',
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 5, completion_tokens: 40, total_tokens: 45 },
      }),
    );
  });
}

function verdicts(probes: Array<{ parameter: string; verdict: string }>): Record<string, string> {
  return Object.fromEntries(probes.map((p) => [p.parameter, p.verdict]));
}

describe('probe', () => {
  let reference: RunningServer;
  let other: Listening;

  beforeAll(async () => {
    reference = await startServer({ port: 0 });
    other = await listen(careless as never);
  });
  afterAll(async () => {
    await reference.close();
    await other.close();
  });

  it('reports every parameter honoured by the built-in server, each with evidence', async () => {
    const { probes, model } = await probeTarget({ baseUrl: `${reference.url}/v1`, timeoutMs: 10_000 });
    expect(model).toBe('chat-contract-scripted');
    expect(verdicts(probes)).toEqual({
      max_completion_tokens: 'honoured',
      max_tokens: 'honoured',
      n: 'honoured',
      stop: 'honoured',
      seed: 'honoured',
      logprobs: 'honoured',
      'response_format json_object': 'honoured',
      'response_format json_schema (strict)': 'honoured',
      'tool_choice required': 'honoured',
      'tool_choice named': 'honoured',
      'stream_options.include_usage': 'honoured',
      user: 'honoured',
      metadata: 'honoured',
      store: 'honoured',
      service_tier: 'honoured',
    });
    for (const p of probes) expect(p.evidence.length).toBeGreaterThan(0);
  });

  it('reports max_tokens and n ignored by a server that ignores them, and a 4xx envelope as refused', async () => {
    const { probes } = await probeTarget({ baseUrl: `${other.url}/v1`, timeoutMs: 10_000 });
    const got = verdicts(probes);
    expect(got.max_tokens).toBe('ignored');
    expect(got.max_completion_tokens).toBe('ignored');
    expect(got.n).toBe('ignored');
    expect(got.logprobs).toBe('refused');
    // It never stops early and sends no JSON or tool calls: the stop string shows up, the rest is ignored.
    expect(got.stop).toBe('ignored');
    expect(got['response_format json_object']).toBe('ignored');
    expect(got['tool_choice required']).toBe('ignored');
    expect(probes.find((p) => p.parameter === 'max_tokens')!.evidence[0]).toBe(
      'completion_tokens 40, finish_reason "stop", cap 5',
    );
    expect(probes.find((p) => p.parameter === 'logprobs')!.evidence).toEqual([
      'HTTP 400: logprobs is not supported',
    ]);
  });

  it('says the target is unreachable when nothing listens', async () => {
    const closed = await listen(careless as never);
    await closed.close();
    await expect(probeTarget({ baseUrl: `${closed.url}/v1`, timeoutMs: 2000 })).rejects.toMatchObject({
      code: 'target-unreachable',
    });
  });
});
