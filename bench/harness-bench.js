/**
 * Times offline checking of one recorded stream, in this process (one core):
 *   --mode parse   bytes → lines → events with SseReader alone (raw lines dropped as read)
 *   --mode checks  what `check-transcript` does: stream the file into a ScenarioRun
 *                  (runFromTranscript), then run every offline check, each timed
 * Prints one JSON line: chunks, timings (per check too), chunks/s and peak RSS.
 *
 * Usage: node bench/harness-bench.js <file.sse> --mode parse|checks
 */
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const DIST = path.resolve(__dirname, '..', 'dist');

function parseOnly(file) {
  const { SseReader } = require(path.join(DIST, 'sse'));
  const started = performance.now();
  const reader = new SseReader({ keepLines: false });
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(1 << 16);
  try {
    for (let n = fs.readSync(fd, buf); n > 0; n = fs.readSync(fd, buf)) reader.push(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  const transcript = reader.end();
  const totalMs = performance.now() - started;
  return { events: transcript.events.length, issues: transcript.issues.length, totalMs, phases: {} };
}

/** The path `check-transcript` takes (streamed read, raw lines kept only below its size limit), timed per check. */
async function withChecks(file) {
  const { runFromTranscript } = require(path.join(DIST, 'harness', 'transcripts'));
  const { CHECKS } = require(path.join(DIST, 'harness', 'registry'));
  const { KEEP_LINES_MAX_BYTES } = require(path.join(DIST, 'cli', 'checkTranscript'));
  const offline = CHECKS.filter((c) => c.offline);
  const keepLines = fs.statSync(file).size <= KEEP_LINES_MAX_BYTES;
  const started = performance.now();
  const body = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  const sidecarFile = `${file}.json`;
  const sidecar = fs.existsSync(sidecarFile) ? JSON.parse(fs.readFileSync(sidecarFile, 'utf8')) : undefined;
  const run = await runFromTranscript({ name: file, body, keepLines, ...(sidecar ? { sidecar } : {}) });
  const parsedAt = performance.now();
  const perCheck = {};
  const crashed = {};
  let findings = 0;
  let applied = 0;
  for (const check of offline) {
    const t = performance.now();
    try {
      const outcome = check.run(run, { profile: 'strict' });
      if (outcome.applies) {
        applied++;
        findings += outcome.findings.length;
      }
    } catch (err) {
      // check-transcript reports a crashed check as a failure and goes on; so does the benchmark.
      crashed[check.id] = String(err?.message ?? err);
    }
    perCheck[check.id] = performance.now() - t;
  }
  const totalMs = performance.now() - started;
  const events = run.exchanges[0]?.response?.sse?.events.length ?? 0;
  return {
    events,
    keepLines,
    checks: offline.length,
    applied,
    findings,
    crashed,
    totalMs,
    phases: { parseMs: parsedAt - started, checksMs: totalMs - (parsedAt - started) },
    perCheckMs: perCheck,
  };
}

async function main() {
  const file = process.argv[2];
  const mode = process.argv[process.argv.indexOf('--mode') + 1] ?? 'checks';
  const r = mode === 'parse' ? parseOnly(file) : await withChecks(file);
  // Content chunks: all events but the role chunk, the finish chunk and [DONE].
  const chunks = Math.max(0, r.events - 3);
  const out = {
    mode,
    file,
    chunks,
    ...r,
    chunksPerSec: r.totalMs > 0 ? (chunks / r.totalMs) * 1000 : null,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
