/**
 * The load client: opens `streams` concurrent streamed completions against a server, verifies
 * every stream is complete and reports throughput, time to first chunk and incomplete streams.
 * Runs in its own process. Under `fork` it talks to the orchestrator over IPC:
 *   child → {type:'warm'}   warm-up done; parent reads the server's CPU time, answers {type:'go'}
 *   child → {type:'all-open', open}   every stream has its first chunk (parent samples memory)
 *   child → {type:'result', result}
 * Standalone: node bench/load-client.js '<spec json>' prints the result.
 */
const http = require('node:http');
const { performance } = require('node:perf_hooks');
const { StreamVerifier } = require('./lib/stream-verifier');
const { percentile } = require('./lib/stats');

const MODEL = 'chat-contract-scripted';

function requestBody(tokens, delayMs) {
  const directives = [`[[chat-contract:tokens=${tokens}]]`];
  if (delayMs > 0) directives.push(`[[chat-contract:delay-ms=${delayMs}]]`);
  return JSON.stringify({
    model: MODEL,
    messages: [{ role: 'user', content: `Tell me a story. ${directives.join(' ')}` }],
    stream: true,
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `streams` concurrent streams and resolves with what they showed.
 * @param {object} spec { url, streams, tokens, delayMs, rampBatch, rampGapMs, deadlineMs }
 * @param {http.Agent} agent
 * @param {(open: number) => void} [onAllOpen]
 */
async function runLoad(spec, agent, onAllOpen) {
  const target = new URL('/v1/chat/completions', spec.url);
  const body = requestBody(spec.tokens, spec.delayMs ?? 0);
  const ttfc = [];
  const reasons = {};
  let complete = 0;
  let contentChunks = 0;
  let chars = 0;
  let open = 0;
  let maxOpen = 0;
  let firstChunks = 0;
  // Requests sent that have not shown a first chunk (nor ended) yet, and ramp steps waiting on them.
  let awaiting = 0;
  const slotWaiters = [];
  const settleAwaiting = () => {
    awaiting--;
    slotWaiters.shift()?.();
  };
  const live = new Set();
  const started = performance.now();

  const one = () =>
    new Promise((resolve) => {
      const verifier = new StreamVerifier(spec.tokens);
      const sent = performance.now();
      let seenFirst = false;
      let settled = false;
      const finish = (reason) => {
        if (settled) return;
        settled = true;
        live.delete(req);
        if (seenFirst) open--;
        else settleAwaiting();
        contentChunks += verifier.content;
        if (!reason && verifier.complete()) complete++;
        else {
          const why = reason ?? verifier.reason() ?? 'unknown';
          reasons[why] = (reasons[why] ?? 0) + 1;
        }
        resolve();
      };
      const req = http.request(
        target,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            res.on('end', () => finish(`HTTP ${res.statusCode}`));
            return;
          }
          res.setEncoding('utf8');
          res.on('data', (text) => {
            chars += text.length;
            if (verifier.push(text) > 0 && !seenFirst) {
              seenFirst = true;
              settleAwaiting();
              ttfc.push(performance.now() - sent);
              open++;
              if (open > maxOpen) maxOpen = open;
              if (++firstChunks === spec.streams) onAllOpen?.(open);
            }
          });
          res.on('end', () => finish());
          res.on('error', (e) => finish(`response ${e.code ?? e.message}`));
          res.on('aborted', () => finish('aborted'));
        },
      );
      live.add(req);
      awaiting++;
      req.on('error', (e) => finish(`request ${e.code ?? e.message}`));
      req.end(body);
    });

  let expired = false;
  const deadline = setTimeout(() => {
    expired = true;
    for (const req of live) req.destroy(new Error('deadline'));
    for (const wake of slotWaiters.splice(0)) wake();
  }, spec.deadlineMs);
  const batch = spec.rampBatch ?? spec.streams;
  const all = [];
  for (let i = 0; i < spec.streams && !expired; i += batch) {
    for (let j = i; j < Math.min(spec.streams, i + batch) && !expired; j++) {
      // A closed-loop ramp: no more than maxPending requests wait for their first chunk at once, so
      // the server's listen backlog never overflows and TTFC measures the server, not dropped SYNs.
      while (spec.maxPending && awaiting >= spec.maxPending && !expired) {
        await new Promise((resolve) => slotWaiters.push(resolve));
      }
      if (!expired) all.push(one());
    }
    if (i + batch < spec.streams && spec.rampGapMs) await sleep(spec.rampGapMs);
  }
  await Promise.all(all);
  clearTimeout(deadline);
  const elapsedMs = performance.now() - started;
  return {
    streams: spec.streams,
    complete,
    incomplete: spec.streams - complete,
    reasons,
    contentChunks,
    elapsedMs,
    chunksPerSec: (contentChunks / elapsedMs) * 1000,
    // Body characters (ASCII here, so bytes) per content chunk: shows both servers send alike.
    bytesPerChunk: contentChunks > 0 ? chars / contentChunks : null,
    ttfcP50Ms: percentile(ttfc, 50),
    ttfcP99Ms: percentile(ttfc, 99),
    maxOpen,
  };
}

function waitFor(type) {
  return new Promise((resolve) => {
    const on = (msg) => {
      if (msg?.type !== type) return;
      process.off('message', on);
      resolve(msg);
    };
    process.on('message', on);
  });
}

async function main() {
  const spec = JSON.parse(process.argv[2]);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 65536, maxFreeSockets: 65536 });
  const ipc = typeof process.send === 'function';
  // Warm-up: compile hot paths and open the keep-alive sockets the measured load will reuse.
  if (spec.warmup) {
    await runLoad({ ...spec, ...spec.warmup, delayMs: 0, deadlineMs: spec.deadlineMs }, agent);
  }
  if (ipc) {
    process.send({ type: 'warm' });
    await waitFor('go');
  }
  const result = await runLoad(spec, agent, (open) => ipc && process.send({ type: 'all-open', open }));
  agent.destroy();
  if (ipc) process.send({ type: 'result', result }, () => process.exit(0));
  else process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((err) => {
  if (typeof process.send === 'function')
    process.send({ type: 'failed', message: String(err?.stack ?? err) });
  else console.error(err);
  process.exit(1);
});
