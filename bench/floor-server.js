/**
 * The floor: a bare node:http server that streams the same chunk shapes as the reference server
 * (role chunk, N content chunks, finish chunk with an empty delta, `data: [DONE]`) with no
 * framework, no validation and no backend abstraction. What the reference server costs is measured
 * against it. With `delay-ms` it is the held-stream floor: one `setTimeout` per wait, paced like
 * the reference server (role and first content chunk after the first wait, one chunk per wait).
 *
 * Usage: node bench/floor-server.js [--port 0]   → prints {"port":N} once listening.
 */
const http = require('node:http');
const { randomBytes, randomUUID } = require('node:crypto');

const MODEL = 'chat-contract-scripted';
const WORDS = ['The', ' quick', ' brown', ' fox', ' jumps', ' over', ' the', ' lazy', ' dog', '.'];

function directive(body, key) {
  const m = new RegExp(`\\[\\[chat-contract:${key}=(\\d{1,9})\\]\\]`).exec(body);
  return m ? Number(m[1]) : undefined;
}

function frame(id, created, delta, finishReason) {
  const chunk = {
    id,
    object: 'chat.completion.chunk',
    created,
    model: MODEL,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// The same coalescing as the reference writer: frames are batched up to 16 KiB per write, so the
// comparison measures framework, validation and backend layers, not a different write pattern.
const FLUSH_BYTES = 16 * 1024;

async function stream(req, res, body) {
  const tokens = directive(body, 'tokens') ?? 16;
  const delayMs = directive(body, 'delay-ms') ?? 0;
  const id = `chatcmpl-${randomBytes(18).toString('base64url')}`;
  const created = Math.floor(Date.now() / 1000);
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  let buffer = '';
  // Respecting backpressure is part of the floor: an SSE server that ignores it buffers the whole reply.
  const flush = () => {
    const ok = res.write(buffer);
    buffer = '';
    return ok ? undefined : new Promise((r) => res.once('drain', r));
  };
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
    'x-request-id': req.headers['x-request-id'] ?? randomUUID(),
  });
  buffer += frame(id, created, { role: 'assistant', content: '' }, null);
  for (let i = 0; i < tokens && !closed; i++) {
    if (delayMs > 0) {
      // The reference server's schedule: a wait before every token, the role chunk leaving with the
      // first one (its headers wait for the backend's first event), so both send the same bytes at
      // the same times and the held-stream comparison measures only what each holds per stream.
      if (i > 0) await flush();
      await sleep(delayMs);
    }
    buffer += frame(id, created, { content: WORDS[i % WORDS.length] }, null);
    if (buffer.length >= FLUSH_BYTES) {
      const waiting = flush();
      if (waiting) await waiting;
    }
  }
  if (closed) return;
  res.end(`${buffer}${frame(id, created, {}, 'stop')}data: [DONE]\n\n`);
}

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
    res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(req.url === '/health' ? '{"status":"ok"}' : '{"error":{"message":"not found"}}');
    return;
  }
  const parts = [];
  req.on('data', (c) => parts.push(c));
  req.on('end', () => {
    stream(req, res, Buffer.concat(parts).toString('utf8')).catch(() => res.destroy());
  });
});

const portArg = process.argv.indexOf('--port');
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;
server.keepAliveTimeout = 5000;
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
const stop = () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
