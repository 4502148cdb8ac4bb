#!/usr/bin/env node

/**
 * Shutdown drill: nothing in flight is lost. `npm run shutdown -- --streams 200 --grace-ms 2000`.
 * Starts `chat-contract serve --port 0 --shutdown-grace-ms G` as a child process, opens streams of
 * three kinds on loopback — short ones that finish within the grace, long ones that cannot, and
 * ones whose first token comes after the grace — waits until all are in flight, sends SIGTERM and
 * checks: short streams end with one `[DONE]`, long ones with one in-band `server_shutdown` error
 * frame and no finish or `[DONE]`, unstarted ones with a `503 server_shutdown` envelope; a new
 * connection is refused or answered 503; the child exits 0 about `grace + 1 s` after the signal.
 * Exits 1 on any violation, 2 when the run itself failed.
 */
const { spawn } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { judgeStream, runStream } = require('../dist/harness/soak');
const { readSse } = require('../dist/sse');

/** The server's own allowance for cut requests to write their error (CUT_MS in src/start.ts). */
const CUT_MS = 1_000;
/** Slack on top of grace + cut before the exit counts as late. */
const EXIT_SLACK_MS = 1_500;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function number(name, text, min, max) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`shutdown: --${name} must be an integer ${min}..${max}`);
    process.exit(2);
  }
  return n;
}

const ask = (index, words) => ({
  model: 'chat-contract-scripted',
  stream: true,
  messages: [
    {
      role: 'user',
      content: `drill ${index} ${words.map(([k, v]) => `[[chat-contract:${k}=${v}]]`).join(' ')}`,
    },
  ],
});

/**
 * Plans the three kinds: about 60 % short (10 tokens over half the grace), 30 % long (1000 tokens
 * 50 ms apart) and 10 % whose first token waits a minute.
 */
function planDrill(count, graceMs) {
  const unstarted = Math.max(1, Math.round(count * 0.1));
  const long = Math.max(1, Math.round(count * 0.3));
  const shortDelay = Math.max(5, Math.floor(graceMs / 20));
  const plans = [];
  const planned = { short: 0, long: 0, unstarted: 0 };
  for (let index = 0; index < count; index++) {
    const slot = index % 10;
    let kind = 'short';
    if (planned.unstarted < unstarted && slot === 9) kind = 'unstarted';
    else if (planned.long < long && slot >= 6) kind = 'long';
    planned[kind]++;
    const shape = {
      short: { tokens: 10, delayMs: shortDelay },
      long: { tokens: 1000, delayMs: 50 },
      unstarted: { tokens: 1, delayMs: 60_000 },
    }[kind];
    plans.push({
      index,
      kind,
      ...shape,
      body: ask(index, [
        ['tokens', shape.tokens],
        ['delay-ms', shape.delayMs],
      ]),
    });
  }
  return plans;
}

/** A fetch that also keeps each answer's text, so the error code can be read after runStream. */
function recordingFetch(texts) {
  return async (url, init) => {
    const res = await fetch(url, init);
    const decoder = new TextDecoder();
    const key = init.body;
    texts.set(key, '');
    const copy = new TransformStream({
      transform(chunk, controller) {
        texts.set(key, texts.get(key) + decoder.decode(chunk, { stream: true }));
        controller.enqueue(chunk);
      },
    });
    return new Response(res.body?.pipeThrough(copy) ?? null, { status: res.status, headers: res.headers });
  };
}

/** The `error.code` of a JSON body or of the last SSE event, if any. */
function errorCode(text, streamed) {
  try {
    const data = streamed ? readSse(text).events.at(-1)?.data : text;
    return JSON.parse(data ?? '')?.error?.code;
  } catch {
    return undefined;
  }
}

/** Problems of one stream against what its kind must see; empty when it ended as it should. */
function judge(plan, r, text) {
  if (plan.kind === 'short') {
    const found = judgeStream({ ...plan, kind: 'normal' }, r);
    return found;
  }
  if (r.timedOut) return ['no end within the time limit'];
  if (r.networkError) return [`network error: ${r.networkError} (truncated)`];
  const problems = [];
  const want = (ok, what) => ok || problems.push(what);
  if (plan.kind === 'long') {
    want(r.status === 200, `status ${r.status}, want 200 then an in-band error`);
    want(r.contentChunks > 0, 'no content before the cut');
    want(
      r.errorFrames === 1 && r.lastEvent === 'error',
      `${r.errorFrames} error frames, last event ${r.lastEvent}`,
    );
    want(r.finishChunks === 0 && r.doneEvents === 0, 'a finish chunk or [DONE] on a cut stream');
    want(r.malformed === 0, `${r.malformed} malformed event(s)`);
    want(errorCode(text, true) === 'server_shutdown', `last frame code ${errorCode(text, true)}`);
  } else {
    want(r.status === 503, `status ${r.status}, want 503`);
    want(r.errorEnvelope && errorCode(text, false) === 'server_shutdown', `body ${text.slice(0, 120)}`);
    want(r.lastEvent === 'none', 'events in a 503 answer');
  }
  return problems;
}

/** GET /health on a fresh connection: `refused`, `503`, or what else came back. */
function probeNewConnection(url) {
  return new Promise((resolve) => {
    const req = http.get(`${url}/health`, { agent: false, timeout: 3000 }, (res) => {
      res.resume();
      resolve(String(res.statusCode));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) =>
      resolve(err.code === 'ECONNREFUSED' ? 'refused' : `error ${err.code ?? err.message}`),
    );
  });
}

async function stats(url) {
  const res = await fetch(`${url}/_chat-contract/stats`, { signal: AbortSignal.timeout(2000) });
  return res.json();
}

/** Starts the server child and resolves with its URL from the startup log line. */
function startChild(graceMs) {
  const cli = path.join(__dirname, '..', 'dist', 'cli', 'index.js');
  const child = spawn(
    process.execPath,
    [cli, 'serve', '--port', '0', '--host', '127.0.0.1', '--shutdown-grace-ms', String(graceMs)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const url = new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (bytes) => {
      buffered += bytes;
      for (const line of buffered.split('\n').slice(0, -1)) {
        try {
          const u = JSON.parse(line).url;
          if (typeof u === 'string') resolve(u);
        } catch {}
      }
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
    });
    exited.then(() => reject(new Error('the server exited before it logged its URL')));
    setTimeout(() => reject(new Error('no URL logged within 10 s')), 10_000).unref();
  });
  return { child, url, exited };
}

async function main() {
  const { values } = parseArgs({
    options: {
      streams: { type: 'string', default: '200' },
      'grace-ms': { type: 'string', default: '2000' },
    },
  });
  const count = number('streams', values.streams, 3, 5000);
  const graceMs = number('grace-ms', values['grace-ms'], 200, 60_000);
  const deadline = setTimeout(() => {
    console.error('shutdown: overall time limit reached');
    process.exit(2);
  }, graceMs + 60_000);
  const { child, url: urlReady, exited } = startChild(graceMs);
  try {
    const url = await urlReady;
    const plans = planDrill(count, graceMs);
    console.log(`shutdown: ${count} streams, grace ${graceMs} ms, server pid ${child.pid} at ${url}/v1`);
    const texts = new Map();
    const fetchImpl = recordingFetch(texts);
    const timeoutMs = graceMs + CUT_MS + 15_000;
    const results = plans.map((plan) =>
      runStream(plan, { baseUrl: `${url}/v1`, fetch: fetchImpl, timeoutMs }),
    );

    // Every request reached the server: running, or (a short one, when starting thousands takes
    // longer than it runs) already answered. Bounded by time: one stats answer can take a while.
    let seen = { active_requests: 0, completed: 0, failed: 0, aborted: 0 };
    const reached = (s) => s.active_requests + s.completed + s.failed + s.aborted;
    const waitUntil = Date.now() + 15_000;
    while (reached(seen) < count && Date.now() < waitUntil) {
      await sleep(50);
      seen = (await stats(url).catch(() => undefined)) ?? seen;
    }
    if (reached(seen) < count)
      throw new Error(`only ${reached(seen)} of ${count} requests reached the server in 15 s`);
    const inFlight = seen.active_requests;

    const signalledAt = Date.now();
    child.kill('SIGTERM');
    await sleep(200);
    const probe = await probeNewConnection(url);
    const done = await Promise.all(results);
    const exit = await Promise.race([exited, sleep(graceMs + CUT_MS + 10_000).then(() => undefined)]);

    const rows = { short: [], long: [], unstarted: [] };
    const problems = [];
    plans.forEach((plan, i) => {
      const found = judge(plan, done[i], texts.get(JSON.stringify(plan.body)) ?? '');
      rows[plan.kind].push(found.length === 0);
      if (found.length) problems.push(`  #${plan.index} ${plan.kind}: ${found.join('; ')}`);
    });
    const expected = {
      short: 'one [DONE], all tokens',
      long: 'in-band server_shutdown, no [DONE]',
      unstarted: '503 server_shutdown',
    };
    console.log('\nkind        streams  ended as expected                      count  other');
    for (const [kind, oks] of Object.entries(rows)) {
      const good = oks.filter(Boolean).length;
      console.log(
        `${kind.padEnd(12)}${String(oks.length).padEnd(9)}${expected[kind].padEnd(39)}${String(good).padEnd(7)}${oks.length - good}`,
      );
    }
    const exitMs = exit ? exit.at - signalledAt : undefined;
    const violations = [...problems];
    if (probe !== 'refused' && probe !== '503') violations.push(`  new connection after SIGTERM: ${probe}`);
    if (!exit) violations.push('  the server did not exit');
    else if (exit.code !== 0) violations.push(`  exit code ${exit.code} (signal ${exit.signal})`);
    if (exitMs !== undefined && exitMs > graceMs + CUT_MS + EXIT_SLACK_MS)
      violations.push(`  exit ${exitMs} ms after SIGTERM, above grace + ${CUT_MS + EXIT_SLACK_MS} ms`);
    if (exitMs !== undefined && exitMs < graceMs)
      violations.push(`  exit ${exitMs} ms after SIGTERM, before the grace ended`);
    console.log('\nserver figure                  value');
    console.log(`in flight at SIGTERM           ${inFlight} of ${count}`);
    console.log(`new connection after SIGTERM   ${probe}`);
    console.log(`exit code                      ${exit ? exit.code : 'none (still running)'}`);
    console.log(`SIGTERM to exit                ${exitMs ?? '-'} ms (grace ${graceMs} ms)`);
    for (const v of violations.slice(0, 30)) console.log(v);
    if (violations.length > 30) console.log(`  … ${violations.length - 30} more`);
    console.log(
      `\n${violations.length ? 'FAIL' : 'PASS'}: ${problems.length} stream(s) ended another way, ${violations.length - problems.length} other violation(s)`,
    );
    return violations.length ? 1 : 0;
  } finally {
    clearTimeout(deadline);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`shutdown: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
