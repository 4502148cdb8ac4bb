/**
 * Times the harness's offline checking (`check-transcript`, every offline check on) against the
 * parse floor (bench/parse-floor.js) on generated recordings of several sizes, each run in its own
 * process under a deadline, and optionally profiles the checks in-process (bench/harness-bench.js).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { generateTranscript } = require('../gen-transcript');
const { ROOT, spawnNode } = require('./children');
const { newestProfile, topSelfTime } = require('./cpuprofile');
const { median } = require('./stats');

/** Runs `node [flags] bench/harness-bench.js file --mode mode` and resolves with its JSON line. */
function benchOnce(file, mode, deadlineMs, flags = []) {
  return new Promise((resolve) => {
    const child = spawnNode([...flags, 'bench/harness-bench.js', file, '--mode', mode]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-2000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop()));
      } catch {
        const why = signal === 'SIGKILL' ? `did not finish within ${deadlineMs / 1000} s` : `exit ${code}`;
        resolve({ error: `${why}${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' ')}` : ''}` });
      }
    });
  });
}

/** Runs `node -r rss-at-exit args…` to its end: wall time, CPU time and peak RSS (the kernel's maxrss). */
function processOnce(args, deadlineMs) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawnNode(['-r', './bench/lib/rss-at-exit.js', ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const m = /@@maxrss (\d+) cpu (\d+)/.exec(stderr);
      if (signal === 'SIGKILL') return resolve({ error: `did not finish within ${deadlineMs / 1000} s` });
      if (!m) return resolve({ error: `exit ${code}: ${stderr.trim().split('\n').slice(-2).join(' ')}` });
      resolve({ code, wallMs, cpuMs: Number(m[2]) / 1000, peakRssMb: Number(m[1]) / 1024, stdout });
    });
  });
}

/** The parse floor (bench/parse-floor.js) on one file. */
async function floorOnce(file, chunks, deadlineMs) {
  const r = await processOnce(['bench/parse-floor.js', file], deadlineMs);
  if (r.error) return r;
  const { events } = JSON.parse(r.stdout.trim().split('\n').pop());
  if (events !== chunks + 3) return { error: `read ${events} events, not ${chunks + 3}` };
  return measured(r, chunks);
}

/** `chat-contract check-transcript FILE --report json`, every offline check on, on one file. */
async function oursOnce(file, chunks, deadlineMs) {
  const out = path.join(os.tmpdir(), `chat-contract-report-${process.pid}.json`);
  const r = await processOnce(
    ['dist/cli/index.js', 'check-transcript', file, '--report', 'json', '--out', out],
    deadlineMs,
  );
  let report;
  try {
    report = JSON.parse(fs.readFileSync(out, 'utf8'));
  } catch {
    report = undefined;
  }
  fs.rmSync(out, { force: true });
  if (r.error) return r;
  if (!report) return { error: `exit ${r.code}: no report written` };
  const notPassed = report.results.filter((x) => x.verdict !== 'pass').map((x) => `${x.check}: ${x.message}`);
  return { ...measured(r, chunks), checks: report.results.length, summary: report.summary, notPassed };
}

function measured(r, chunks) {
  return {
    chunks,
    wallMs: r.wallMs,
    cpuMs: r.cpuMs,
    chunksPerSec: (chunks / r.wallMs) * 1000,
    chunksPerCpuSec: (chunks / r.cpuMs) * 1000,
    peakRssMb: r.peakRssMb,
  };
}

/**
 * Offline checking against the parse floor, per recording size: floor and `check-transcript`
 * alternate which goes first in each repetition; medians of the runs and of the paired ratios.
 */
async function runHarness({ sizes, repetitions, deadlineMs }, log, { profile = true } = {}) {
  const out = { sizes: [] };
  for (const chunks of sizes) {
    const { file, bytes } = await generateTranscript(chunks);
    try {
      const runs = { floor: [], ours: [] };
      for (let rep = 0; rep < repetitions; rep++) {
        const order = rep % 2 === 0 ? ['floor', 'ours'] : ['ours', 'floor'];
        for (const variant of order) {
          const r =
            variant === 'floor'
              ? await floorOnce(file, chunks, deadlineMs)
              : await oursOnce(file, chunks, deadlineMs);
          runs[variant][rep] = r;
          log(
            `harness ${chunks.toLocaleString('en-US')} rep ${rep + 1}/${repetitions} ${variant}: ${r.error ?? `${Math.round(r.chunksPerSec)} chunks/s (${Math.round(r.chunksPerCpuSec)} per CPU s), peak RSS ${r.peakRssMb.toFixed(1)} MB${r.summary ? ` ${JSON.stringify(r.summary)}` : ''}`}`,
          );
        }
      }
      out.sizes.push({ chunks, bytes, runs, summary: summariseHarness(runs) });
    } finally {
      fs.rmSync(file, { force: true });
      fs.rmSync(`${file}.json`, { force: true });
    }
  }
  if (profile) out.profile = await profileChecks(Math.min(Math.max(...sizes), 200000), deadlineMs);
  return out;
}

/** Medians of each variant and of the per-repetition ours/floor ratios. */
function summariseHarness(runs) {
  const ok = (r) => r && !r.error;
  const pairs = runs.floor.map((f, i) => [f, runs.ours[i]]).filter(([f, o]) => ok(f) && ok(o));
  const med = (xs) => (xs.length ? median(xs) : null);
  const of = (variant, key) => med(runs[variant].filter(ok).map((r) => r[key]));
  return {
    floor: {
      chunksPerSec: of('floor', 'chunksPerSec'),
      chunksPerCpuSec: of('floor', 'chunksPerCpuSec'),
      peakRssMb: of('floor', 'peakRssMb'),
    },
    ours: {
      chunksPerSec: of('ours', 'chunksPerSec'),
      chunksPerCpuSec: of('ours', 'chunksPerCpuSec'),
      peakRssMb: of('ours', 'peakRssMb'),
    },
    ratio: {
      chunksPerSec: med(pairs.map(([f, o]) => o.chunksPerSec / f.chunksPerSec)),
      chunksPerCpuSec: med(pairs.map(([f, o]) => o.chunksPerCpuSec / f.chunksPerCpuSec)),
      peakRss: med(pairs.map(([f, o]) => o.peakRssMb / f.peakRssMb)),
    },
    failedRuns: [...runs.floor, ...runs.ours].filter((r) => !ok(r)).length,
    notPassed: [...new Set(runs.ours.filter(ok).flatMap((r) => r.notPassed))],
  };
}

async function profileChecks(chunks, deadlineMs) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-contract-hprof-'));
  const { file } = await generateTranscript(chunks, path.join(dir, `profiled-${chunks}.sse`));
  try {
    const r = await benchOnce(file, 'checks', deadlineMs, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    if (r.error) return { error: r.error };
    const prof = newestProfile(dir);
    return prof ? { chunks, ...topSelfTime(prof, ROOT) } : { error: 'no profile written' };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { runHarness };
