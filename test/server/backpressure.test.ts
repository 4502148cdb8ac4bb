import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { BackendEvent } from '../../src/server/backends/types';
import { SseWriter } from '../../src/server/stream/sseWriter';
import { ChunkTemplate } from '../../src/sse';
import { testBackend } from './support/backends';
import { ask, serve } from './support/exchange';

/** A response whose socket is full until the test says it drained. */
class FullResponse extends EventEmitter {
  written: string[] = [];
  destroyed = false;
  writableEnded = false;
  headers: unknown;
  writeHead(_status: number, headers: unknown) {
    this.headers = headers;
    return this;
  }
  write(text: string): boolean {
    this.written.push(text);
    return false;
  }
  end(text: string) {
    this.written.push(text);
    this.writableEnded = true;
  }
}

const template = new ChunkTemplate({ id: 'chatcmpl-t', created: 0, model: 'm' }, false);

describe('SseWriter backpressure', () => {
  it('asks the producer to wait once write() returns false, until drain', async () => {
    const res = new FullResponse();
    const writer = new SseWriter(res as unknown as ServerResponse, template);
    const big = 'x'.repeat(20_000);
    writer.data(big);
    const wait = writer.commit();
    expect(wait).toBeInstanceOf(Promise);
    writer.data('more');
    expect(writer.commit()).toBe(wait);
    let resumed = false;
    void wait!.then(() => {
      resumed = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(resumed).toBe(false);
    res.emit('drain');
    await wait;
    expect(resumed).toBe(true);
    writer.done();
    expect(res.written.join('')).toBe(`data: ${big}\n\ndata: more\n\ndata: [DONE]\n\n`);
  });

  it('coalesces events produced in the same turn into one write', async () => {
    const res = new FullResponse();
    res.write = (text: string) => {
      res.written.push(text);
      return true;
    };
    const writer = new SseWriter(res as unknown as ServerResponse, template);
    writer.data('1');
    writer.commit();
    writer.data('2');
    writer.commit();
    await new Promise((r) => setImmediate(r));
    expect(res.written).toEqual(['data: 1\n\ndata: 2\n\n']);
  });
});

describe('a large reply through a slow reader', () => {
  const TOKENS = 16_000;
  const token = 'y'.repeat(1000);
  let produced = 0;
  const backend = testBackend(async function* (): AsyncGenerator<BackendEvent> {
    for (let i = 0; i < TOKENS; i++) {
      produced++;
      yield { type: 'content', choice: 0, text: token };
    }
    yield { type: 'finish', choice: 0, reason: 'stop' };
  });

  it('holds the backend back while the client does not read, then delivers every byte', async () => {
    const srv = await serve({ backend });
    try {
      const res = await fetch(`${srv.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ask('big', { stream: true })),
      });
      const reader = res.body!.getReader();
      await new Promise((r) => setTimeout(r, 300));
      const producedWhileStalled = produced;
      const decoder = new TextDecoder();
      let text = '';
      for (let i = 0; i < 100_000; i++) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
        if (i % 50 === 0) await new Promise((r) => setTimeout(r, 1));
      }
      expect(producedWhileStalled).toBeLessThan(TOKENS);
      const contents = text.match(/"content":"y+"/g) ?? [];
      expect(contents).toHaveLength(TOKENS);
      expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    } finally {
      await srv.close();
    }
  });
});
