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
    const result = { transcriptChunks: chunks, transcriptBytes: bytes, parse, checks };
    if (profile) result.profile = await profileChecks(Math.min(chunks, 200000), deadlineMs);
    return result;
  } finally {
    fs.rmSync(file, { force: true });
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
