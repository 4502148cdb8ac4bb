/**
 * Times offline checking of one recorded stream, in this process (one core):
 *   --mode parse   bytes → lines → events with SseReader alone (raw lines dropped as read)
 *   --mode checks  what `check-transcript` does: build a ScenarioRun with the recorded-exchange
 *                  builder (parse, keeping raw lines as evidence), then run every offline check
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

function withChecks(file) {
  const { runFromRecordings } = require(path.join(DIST, 'harness', 'recorded'));
  const { CHECKS } = require(path.join(DIST, 'harness', 'registry'));
  const offline = CHECKS.filter((c) => c.offline);
  const started = performance.now();
  const body = fs.readFileSync(file, 'utf8');
  const readAt = performance.now();
  const run = runFromRecordings('recorded', 'success', [{ body }]);
  const parsedAt = performance.now();
  const perCheck = {};
  let findings = 0;
  let applied = 0;
  for (const check of offline) {
    const t = performance.now();
    const outcome = check.run(run, { profile: 'strict' });
    perCheck[check.id] = performance.now() - t;
    if (outcome.applies) {
      applied++;
      findings += outcome.findings.length;
    }
  }
  const totalMs = performance.now() - started;
  const events = run.exchanges[0]?.response?.sse?.events.length ?? 0;
  return {
    events,
    checks: offline.length,
    applied,
    findings,
    totalMs,
    phases: {
      readMs: readAt - started,
      parseMs: parsedAt - readAt,
      checksMs: totalMs - (parsedAt - started),
    },
    perCheckMs: perCheck,
  };
}

function main() {
  const file = process.argv[2];
  const mode = process.argv[process.argv.indexOf('--mode') + 1] ?? 'checks';
  const r = mode === 'parse' ? parseOnly(file) : withChecks(file);
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

main();
