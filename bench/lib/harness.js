/**
 * Times the harness's offline checking on a generated transcript, each measurement in its own
 * process (bench/harness-bench.js) under a deadline, and optionally profiles the checks.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { generateTranscript } = require('../gen-transcript');
const { ROOT, spawnNode } = require('./children');
const { newestProfile, topSelfTime } = require('./cpuprofile');
const { memory } = require('./proc');

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

/**
 * Runs the real command, `chat-contract check-transcript FILE --report json`, and measures wall time
 * and peak RSS (VmHWM, polled until exit).
 */
function cliOnce(file, chunks, deadlineMs) {
  return new Promise((resolve) => {
    const out = path.join(os.tmpdir(), `chat-contract-report-${process.pid}.json`);
    const started = Date.now();
    const child = spawnNode([
      'dist/cli/index.js',
      'check-transcript',
      file,
      '--report',
      'json',
      '--out',
      out,
    ]);
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-2000);
    });
    child.stdout.resume();
    let hwmKb = 0;
    const poll = setInterval(() => {
      const m = memory(child.pid);
      if (m && m.hwmKb > hwmKb) hwmKb = m.hwmKb;
    }, 50);
    const timer = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
    child.once('exit', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      const totalMs = Date.now() - started;
      let report;
      try {
        report = JSON.parse(fs.readFileSync(out, 'utf8'));
      } catch {
        report = undefined;
      }
      fs.rmSync(out, { force: true });
      if (signal === 'SIGKILL') return resolve({ error: `did not finish within ${deadlineMs / 1000} s` });
      if (!report)
        return resolve({ error: `exit ${code}: ${stderr.trim().split('\n').slice(-2).join(' ')}` });
      const failed = report.results
        .filter((r) => r.verdict !== 'pass')
        .map((r) => `${r.check}: ${r.message}`);
      resolve({
        chunks,
        exitCode: code,
        totalMs,
        chunksPerSec: (chunks / totalMs) * 1000,
        peakRssMb: hwmKb / 1024,
        summary: report.summary,
        notPassed: failed.map((f) => f.slice(0, 160)),
      });
    });
  });
}

/** Parse-alone and parse+checks throughput on a `chunks`-chunk transcript, plus a checks profile. */
async function runHarness(chunks, deadlineMs, log, { profile = true } = {}) {
  const { file, bytes } = await generateTranscript(chunks);
  try {
    const parse = await benchOnce(file, 'parse', deadlineMs);
    log(`harness parse: ${parse.error ?? `${Math.round(parse.chunksPerSec)} chunks/s`}`);
    const checks = await benchOnce(file, 'checks', deadlineMs);
    log(
      `harness checks: ${checks.error ?? `${Math.round(checks.chunksPerSec)} chunks/s, ${checks.checks} checks`}`,
    );
    const cli = await cliOnce(file, chunks, deadlineMs);
    log(
      `harness check-transcript: ${cli.error ?? `${Math.round(cli.chunksPerSec)} chunks/s, ${JSON.stringify(cli.summary)}`}`,
    );
    const result = { transcriptChunks: chunks, transcriptBytes: bytes, parse, checks, cli };
    if (profile) result.profile = await profileChecks(Math.min(chunks, 200000), deadlineMs);
    return result;
  } finally {
    fs.rmSync(file, { force: true });
    fs.rmSync(`${file}.json`, { force: true });
  }
}

async function profileChecks(chunks, deadlineMs) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-contract-hprof-'));
  const { file } = await generateTranscript(chunks, path.join(dir, 'profiled.sse'));
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
