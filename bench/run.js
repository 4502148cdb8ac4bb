/**
 * `npm run bench`: measures the reference server against a bare node:http floor on the same loads,
 * and the harness's offline checking, then writes bench/results/latest.json and BENCHMARKS.md.
 *
 *   npm run bench                  full: 3 repetitions, 1,000,000-chunk transcript, server profile
 *   npm run bench -- --quick       under a minute: smaller loads, 1 repetition; writes
 *                                  bench/results/latest-quick.json and leaves BENCHMARKS.md alone
 *   --harness-only                 only offline checking against the parse floor; writes
 *                                  bench/results/latest-harness(-quick).json, leaves BENCHMARKS.md alone
 *   --profile / --no-profile       force the CPU profiles on or off
 *   --load ID[,ID]                 only these loads (single, concurrent, held) and no harness part;
 *                                  writes bench/results/partial.json and leaves BENCHMARKS.md alone
 *   --reps N                       repetitions per load
 *   --held-delay MS                the held load's wait between chunks (default 500): a longer one
 *                                  keeps every stream open at once on a machine too busy to open
 *                                  10,000 streams within one stream's life
 *
 * Everything runs on loopback, one server at a time, each in its own process; every load has a
 * deadline and every child is killed when the run ends.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { killChildrenOnExit, openFilesLimit, ROOT, startServer } = require('./lib/children');
const { newestProfile, topSelfTime } = require('./lib/cpuprofile');
const { drive } = require('./lib/drive');
const { runHarness } = require('./lib/harness');
const { writeBenchmarksMd, render } = require('./lib/markdown');
const { loads: planLoads, settings } = require('./lib/plan');
const { machine } = require('./lib/proc');
const { evaluateTargets, summariseLoad } = require('./lib/summary');
const { round } = require('./lib/stats');

const VARIANTS = ['floor', 'ref'];

function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

/** One variant under one load: a fresh server, the load, the server stopped whatever happens. */
async function measure(variant, load) {
  let server;
  try {
    server = await startServer(variant);
    return await drive(server, load);
  } catch (err) {
    return { error: String(err.message ?? err) };
  } finally {
    await server?.stop();
  }
}

function describe(r) {
  if (r.error) return `error: ${r.error}`;
  const bad = r.incomplete ? ` INCOMPLETE ${r.incomplete} ${JSON.stringify(r.reasons)}` : '';
  return `${round(r.chunksPerSec, 0)} chunks/s, ${round(r.serverCpuUsPerChunk, 2)} µs/chunk, ttfc p99 ${round(r.ttfcP99Ms, 1)} ms, peak ${round(r.peakRssMb, 1)} MB, open ${r.maxOpen}${bad}`;
}

async function profileServer(load) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-contract-prof-'));
  let server;
  try {
    server = await startServer('ref', { cpuProfDir: dir });
    const { window } = await drive(server, load);
    await server.stop();
    server = undefined;
    const file = newestProfile(dir);
    if (!file) return { error: 'no profile written' };
    return topSelfTime(file, ROOT, 15, window);
  } catch (err) {
    return { error: String(err.message ?? err) };
  } finally {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const option = (name) => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const only = option('--load')?.split(',');
  const partial = only !== undefined;
  const profile = argv.includes('--profile') || (!quick && !argv.includes('--no-profile'));
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'index.js')))
    throw new Error('dist/ is missing: run npm run build');
  killChildrenOnExit();
  const started = Date.now();
  const { harness, ...planned } = settings(quick);
  const repetitions = option('--reps') ? Math.max(1, Number(option('--reps'))) : planned.repetitions;
  // Only the offline-checking part: writes bench/results/latest-harness.json, leaves BENCHMARKS.md alone.
  const harnessOnly = argv.includes('--harness-only');
  const fdLimit = openFilesLimit();
  const loads = harnessOnly ? [] : planLoads(quick).filter((l) => !only || only.includes(l.id));
  const heldDelay = option('--held-delay');
  for (const load of loads.filter((l) => l.memoryLoad && heldDelay)) {
    load.delayMs = Number(heldDelay);
    load.title = load.title.replace(/500 ms apart/, `${Number(heldDelay).toLocaleString('en-US')} ms apart`);
    load.deadlineMs = Math.max(load.deadlineMs, load.tokens * load.delayMs * 3 + 60000);
  }
  const conditions = [];
  for (const load of loads.filter((l) => l.memoryLoad)) {
    // Each open stream is one socket in the server and one in the client, plus a margin for the rest.
    const fit = Math.floor(fdLimit - 256);
    if (load.streams > fit) {
      conditions.push(`open-files limit ${fdLimit} allows ${fit} held streams, not ${load.streams}`);
      load.title = load.title.replace(/^[\d,]+/, fit.toLocaleString('en-US'));
      load.streams = fit;
    }
  }
  const result = {
    date: new Date().toISOString(),
    command: quick ? 'npm run bench -- --quick' : 'npm run bench',
    mode: quick ? 'quick' : 'full',
    repetitions,
    machine: machine(),
    openFilesLimit: fdLimit,
    loads: loads.map(({ id, title, streams, tokens, delayMs }) => ({ id, title, streams, tokens, delayMs })),
    runs: {},
    summary: {},
  };

  for (const load of loads) {
    const runs = { floor: [], ref: [] };
    const reps = Math.min(repetitions, load.repetitions ?? repetitions);
    for (let rep = 0; rep < reps; rep++) {
      // Alternate which goes first so slow drift in the machine's load cancels out of the ratios.
      const order = rep % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
      for (const variant of order) {
        const r = await measure(variant, load);
        runs[variant][rep] = r;
        log(`${load.id} rep ${rep + 1}/${reps} ${variant}: ${describe(r)}`);
      }
    }
    result.runs[load.id] = runs;
    result.summary[load.id] = summariseLoad(runs);
  }

  if (!partial) {
    log(`harness: recordings of ${harness.sizes.map((n) => n.toLocaleString('en-US')).join(', ')} chunks`);
    result.harness = await runHarness(harness, log, { profile });
  }

  result.profiles = {};
  if (profile && !partial) {
    log('profiling the reference server under the concurrent load');
    const concurrent = loads.find((l) => l.id === 'concurrent');
    if (concurrent) result.profiles.server = await profileServer(concurrent);
    result.profiles.harness = result.harness.profile;
  }
  if (result.harness) delete result.harness.profile;

  const held = loads.find((l) => l.memoryLoad);
  result.targets = evaluateTargets(result.summary, result.harness, held?.streams ?? 0);
  result.conditions = [
    ...conditions,
    quick ? 'quick mode: smaller loads, 1 repetition; figures are indicative only' : null,
  ]
    .filter(Boolean)
    .join('; ');
  result.durationSec = Math.round((Date.now() - started) / 1000);

  const resultsDir = path.join(__dirname, 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const name = partial ? 'partial' : harnessOnly ? 'latest-harness' : 'latest';
  const out = path.join(resultsDir, quick && !partial ? `${name}-quick.json` : `${name}.json`);
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  const mdLeftAlone = quick || partial || harnessOnly;
  if (mdLeftAlone) process.stdout.write(`${render(result)}\n`);
  else writeBenchmarksMd(path.join(ROOT, 'BENCHMARKS.md'), result);
  log(
    `done in ${result.durationSec} s: ${path.relative(ROOT, out)}${mdLeftAlone ? '' : ' and BENCHMARKS.md'}`,
  );
  for (const t of result.targets)
    log(
      `target ${t.met === null ? 'n/a   ' : t.met ? 'met   ' : 'MISSED'} ${t.name}: ${t.value} (${t.wanted})`,
    );
}

main().catch((err) => {
  console.error(`[bench] failed: ${err.stack ?? err}`);
  process.exitCode = 1;
});
