/**
 * What a request costs a server: N streams of one token each (unpaced, so nearly all the work is
 * per request: accept, parse, route, validate, set up and end a stream), floor and reference in
 * the same run, server CPU from /proc around the load. Set beside the held load's CPU per chunk
 * (20 chunks per stream) it tells how much of that gap is per request.
 *
 *   npm run build && node bench/request-cost.js [--streams 3000] [--reps 3]
 *
 * Loopback only; every child is killed when the script ends.
 */
const { spawn } = require('node:child_process');
const path = require('node:path');
const { killChildrenOnExit, startServer } = require('./lib/children');
const { cpuMicros } = require('./lib/proc');
const { median } = require('./lib/stats');

const argv = process.argv.slice(2);
const option = (name, dflt) => {
  const at = argv.indexOf(name);
  return at >= 0 ? Number(argv[at + 1]) : dflt;
};
const STREAMS = option('--streams', 3000);
const REPS = option('--reps', 3);

/** Runs the load client standalone (spawned: under fork it waits for IPC) and resolves with its result. */
function load(url, streams, tokens) {
  const spec = { url, streams, tokens, delayMs: 0, deadlineMs: 120000, maxPending: 1000 };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'load-client.js'), JSON.stringify(spec)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load exit ${code}`)),
    );
  });
}

/** Server CPU per one-token stream, in µs, after a warm-up of the same shape. */
async function measure(variant) {
  const server = await startServer(variant);
  try {
    await load(server.url, 1000, 1);
    const before = cpuMicros(server.pid);
    const result = await load(server.url, STREAMS, 1);
    if (result.incomplete > 0) throw new Error(`${variant}: ${result.incomplete} incomplete streams`);
    return (cpuMicros(server.pid) - before) / STREAMS;
  } finally {
    await server.stop();
  }
}

async function main() {
  killChildrenOnExit();
  const runs = { floor: [], ref: [] };
  for (let rep = 0; rep < REPS; rep++) {
    for (const variant of rep % 2 === 0 ? ['floor', 'ref'] : ['ref', 'floor']) {
      const us = await measure(variant);
      runs[variant].push(us);
      console.error(`[request-cost] rep ${rep + 1}/${REPS} ${variant}: ${us.toFixed(0)} µs per request`);
    }
  }
  const ratios = runs.ref.map((r, i) => r / runs.floor[i]);
  console.log('| | server CPU per one-token stream |');
  console.log('|---|---:|');
  console.log(`| floor | ${median(runs.floor).toFixed(0)} µs |`);
  console.log(`| reference | ${median(runs.ref).toFixed(0)} µs |`);
  console.log(`| ref / floor (median of paired ratios) | ${median(ratios).toFixed(2)}× |`);
  console.log(`\n${STREAMS} streams per load, ${REPS} repetitions; server CPU (utime + stime) from /proc.`);
}

main().catch((err) => {
  console.error(`[request-cost] failed: ${err.stack ?? err}`);
  process.exitCode = 1;
});
