#!/usr/bin/env node

/**
 * Soak: faults under load lose nothing. `npm run soak -- --streams 2000 --seconds 60`.
 * Starts the reference server as a child process (its RSS and open descriptors are read from
 * /proc/<pid>), runs a seeded mix of normal, aborted and faulted streams on loopback, then checks
 * every stream, that every backend call ended, that descriptors return to baseline and that RSS
 * stays within a margin. Exits 1 on any lost or wrong stream or leak.
 */
const { fork } = require('node:child_process');
const { readdirSync, readFileSync } = require('node:fs');
const { parseArgs } = require('node:util');

/** Growth allowed after GC: live JS objects must not grow; RSS may keep freed pages the allocator holds. */
const HEAP_MARGIN_MIB = 16;
const RSS_MARGIN_MIB = 128;

if (process.argv[2] === '--serve-child') serveChild();
else
  main().catch((err) => {
    console.error(`soak: ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(2);
  });

/** The server side: the reference server with a gauge of running backend calls, over IPC. */
function serveChild() {
  const { startServer } = require('../dist/start');
  const { createScriptedBackend } = require('../dist/server/backends/scripted');
  const inner = createScriptedBackend();
  const gauge = { active: 0, started: 0 };
  const backend = {
    name: inner.name,
    models: () => inner.models(),
    complete: (request) =>
      (async function* () {
        gauge.active++;
        gauge.started++;
        try {
          yield* inner.complete(request);
        } finally {
          gauge.active--;
        }
      })(),
  };
  startServer({ port: 0, backend }).then((server) => {
    process.send({ type: 'ready', url: server.url });
    process.on('message', (msg) => {
      if (msg === 'stats') {
        global.gc?.();
        process.send({ type: 'stats', ...gauge, heapUsed: process.memoryUsage().heapUsed });
      } else if (msg === 'stop') server.close().then(() => process.exit(0));
    });
  });
}

function number(name, text, min, max) {
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max) {
    console.error(`soak: --${name} must be a number ${min}..${max}`);
    process.exit(2);
  }
  return n;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mib = (kb) => (kb / 1024).toFixed(1);

function rssKb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : Number.NaN;
}
const fds = (pid) => readdirSync(`/proc/${pid}/fd`).length;

async function main() {
  const { values } = parseArgs({
    options: {
      streams: { type: 'string', default: '2000' },
      seconds: { type: 'string', default: '60' },
      concurrency: { type: 'string', default: '200' },
      seed: { type: 'string', default: '1' },
      'abort-share': { type: 'string', default: '0.2' },
      'fault-share': { type: 'string', default: '0.2' },
    },
  });
  const streams = number('streams', values.streams, 1, 1_000_000);
  const seconds = number('seconds', values.seconds, 1, 3600);
  const concurrency = number('concurrency', values.concurrency, 1, 1000);
  const seed = number('seed', values.seed, 0, 2 ** 32 - 1);
  const shares = {
    abort: number('abort-share', values['abort-share'], 0, 1),
    fault: number('fault-share', values['fault-share'], 0, 1),
  };
  if (shares.abort + shares.fault > 1) {
    console.error('soak: --abort-share plus --fault-share must be at most 1');
    process.exit(2);
  }
  const { planStreams, runSoak } = require('../dist/harness/soak');

  const child = fork(__filename, ['--serve-child'], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const hardStop = setTimeout(
    () => {
      console.error('soak: overall time limit reached');
      child.kill('SIGKILL');
      process.exit(1);
    },
    (seconds + 120) * 1000,
  );
  const replies = [];
  let waiting;
  child.on('message', (msg) => {
    replies.push(msg);
    waiting?.();
  });
  const reply = async (type) => {
    for (;;) {
      const i = replies.findIndex((m) => m.type === type);
      if (i >= 0) return replies.splice(i, 1)[0];
      await new Promise((r) => {
        waiting = r;
      });
    }
  };
  const stats = async () => {
    child.send('stats');
    return reply('stats');
  };
  const { url } = await reply('ready');
  const baseUrl = `${url}/v1`;
  const pid = child.pid;
  console.log(
    `soak: ${streams} streams within ${seconds} s, concurrency ${concurrency}, seed ${seed}, server pid ${pid} at ${baseUrl}`,
  );

  const fdBaseline = fds(pid);
  // Warm-up, so code loading and JIT are not counted as growth.
  await runSoak({ baseUrl, plans: planStreams(seed + 1, 100, { abort: 0, fault: 0 }), concurrency: 20 });
  await settleFds(pid, fdBaseline);
  const heapBefore = (await stats()).heapUsed;
  const rssBefore = rssKb(pid);

  let fdPeak = 0;
  let rssPeak = 0;
  const sampler = setInterval(() => {
    fdPeak = Math.max(fdPeak, fds(pid));
    rssPeak = Math.max(rssPeak, rssKb(pid));
  }, 250);
  const report = await runSoak({
    baseUrl,
    plans: planStreams(seed, streams, shares),
    concurrency,
    durationMs: seconds * 1000,
  });
  clearInterval(sampler);

  let gauge = await stats();
  for (let i = 0; i < 50 && gauge.active > 0; i++) {
    await sleep(100);
    gauge = await stats();
  }
  const fdAfter = await settleFds(pid, fdBaseline);
  gauge = await stats();
  const rssAfter = rssKb(pid);

  const rows = [['kind', 'planned', 'run', 'correct', 'lost/wrong']];
  for (const [kind, f] of Object.entries(report.byKind))
    rows.push([kind, f.planned, f.run, f.correct, f.wrong]);
  console.log(
    `\nstreams run in ${(report.elapsedMs / 1000).toFixed(1)} s (${report.skipped} not started: time limit)`,
  );
  for (const r of rows) console.log(r.map((c, i) => String(c).padEnd(i ? 11 : 12)).join(''));
  const leaks = [];
  if (gauge.active !== 0) leaks.push(`${gauge.active} backend call(s) still running`);
  if (fdAfter > fdBaseline) leaks.push(`${fdAfter - fdBaseline} descriptor(s) above baseline`);
  if ((gauge.heapUsed - heapBefore) / 2 ** 20 > HEAP_MARGIN_MIB)
    leaks.push(`JS heap grew by more than ${HEAP_MARGIN_MIB} MiB`);
  if ((rssAfter - rssBefore) / 1024 > RSS_MARGIN_MIB)
    leaks.push(`RSS grew by more than ${RSS_MARGIN_MIB} MiB`);
  console.log('\nserver figure            value');
  console.log(`backend calls started    ${gauge.started}`);
  console.log(`backend calls running    ${gauge.active} (after the run)`);
  console.log(`open descriptors         ${fdBaseline} before, ${fdPeak} peak, ${fdAfter} after`);
  console.log(
    `JS heap (MiB, after GC)  ${mib(heapBefore / 1024)} before, ${mib(gauge.heapUsed / 1024)} after (margin ${HEAP_MARGIN_MIB})`,
  );
  console.log(
    `RSS (MiB, after GC)      ${mib(rssBefore)} before, ${mib(rssPeak)} peak, ${mib(rssAfter)} after (margin ${RSS_MARGIN_MIB})`,
  );
  for (const p of report.problems.slice(0, 30)) {
    console.log(`  #${p.index} ${p.kind}: ${p.problems.join('; ')}`);
  }
  if (report.problems.length > 30) console.log(`  … ${report.problems.length - 30} more`);
  for (const l of leaks) console.log(`  leak: ${l}`);
  const failed = report.problems.length > 0 || leaks.length > 0;
  console.log(
    `\n${failed ? 'FAIL' : 'PASS'}: ${report.problems.length} lost or wrong stream(s), ${leaks.length} leak(s)`,
  );
  child.send('stop');
  clearTimeout(hardStop);
  await new Promise((r) => child.once('exit', r));
  process.exit(failed ? 1 : 0);
}

/** Waits (up to 15 s) for idle keep-alive sockets to close; returns the last count. */
async function settleFds(pid, baseline) {
  let count = fds(pid);
  for (let i = 0; i < 75 && count > baseline; i++) {
    await sleep(200);
    count = fds(pid);
  }
  return count;
}
