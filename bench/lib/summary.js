/** Turns repeated runs into medians, paired reference/floor ratios and target verdicts. */
const { median, ratio, round } = require('./stats');
const { TARGETS } = require('./plan');

const METRICS = [
  'chunksPerSec',
  'bytesPerChunk',
  'serverCpuUsPerChunk',
  'ttfcP50Ms',
  'ttfcP99Ms',
  'peakRssMb',
  'allOpenRssMb',
  'baselineRssMb',
  'maxOpen',
  'incomplete',
];

function medians(runs) {
  const ok = runs.filter((r) => !r.error);
  const out = { runs: runs.length, failedRuns: runs.length - ok.length };
  for (const m of METRICS) out[m] = round(median(ok.map((r) => r[m])), m.endsWith('Ms') ? 1 : 2);
  out.incompleteTotal = ok.reduce((n, r) => n + (r.incomplete ?? 0), 0);
  out.reasons = {};
  for (const r of ok)
    for (const [k, v] of Object.entries(r.reasons ?? {})) out.reasons[k] = (out.reasons[k] ?? 0) + v;
  return out;
}

/** Median of per-repetition ref/floor ratios: pairing within a repetition cancels drift. */
function pairedRatio(floorRuns, refRuns, metric) {
  const pairs = floorRuns.map((f, i) => ratio(refRuns[i]?.[metric], f[metric]));
  return round(median(pairs.filter((x) => x !== null)), 3);
}

/** Summary of one load: medians per variant, paired ratios, and whether any stream was incomplete. */
function summariseLoad(runs) {
  const floor = medians(runs.floor);
  const ref = medians(runs.ref);
  return {
    floor,
    ref,
    ratio: {
      chunksPerSec: pairedRatio(runs.floor, runs.ref, 'chunksPerSec'),
      serverCpuUsPerChunk: pairedRatio(runs.floor, runs.ref, 'serverCpuUsPerChunk'),
      peakRssMb: pairedRatio(runs.floor, runs.ref, 'peakRssMb'),
      ttfcP99Ms: pairedRatio(runs.floor, runs.ref, 'ttfcP99Ms'),
    },
    flagged: floor.incompleteTotal > 0 || ref.incompleteTotal > 0 || floor.failedRuns + ref.failedRuns > 0,
  };
}

/** met: true, false, or null when the run could not judge it (e.g. fewer streams than the target names). */
function verdict(name, wanted, value, met, by) {
  const judged = met === null ? null : value !== null && value !== undefined && met;
  return { name, wanted, value, met: judged, by };
}

/** Evaluates the targets against a run's summaries. */
function evaluateTargets(summary, harness, heldStreams) {
  const out = [];
  for (const id of ['single', 'concurrent']) {
    const s = summary[id];
    if (!s) continue;
    const tp = s.ratio.chunksPerSec;
    const want = TARGETS.throughputRatio[id];
    out.push(
      verdict(
        `${id}: ref/floor chunks/s`,
        `≥ ${want}`,
        tp,
        tp >= want && !s.flagged,
        tp === null ? null : `${round((tp / want - 1) * 100, 1)}% vs target`,
      ),
    );
    const cpu = s.ratio.serverCpuUsPerChunk;
    out.push(
      verdict(
        `${id}: ref/floor server CPU per chunk`,
        `≤ ${TARGETS.cpuRatio}`,
        cpu,
        cpu <= TARGETS.cpuRatio && !s.flagged,
        cpu === null ? null : `${round((cpu / TARGETS.cpuRatio - 1) * 100, 1)}% vs target`,
      ),
    );
  }
  const held = summary.held;
  if (held) {
    const judged = heldStreams >= 10000;
    const note = (v, want) =>
      !judged
        ? `measured at ${heldStreams} streams, not 10,000`
        : v === null
          ? null
          : `${round((v / want - 1) * 100, 1)}% vs target`;
    const rss = held.ratio.peakRssMb;
    out.push(
      verdict(
        `held (${heldStreams} streams): ref/floor peak RSS`,
        `≤ ${TARGETS.heldRssRatio}`,
        rss,
        judged ? rss <= TARGETS.heldRssRatio && !held.flagged : null,
        note(rss, TARGETS.heldRssRatio),
      ),
    );
    const ttfc = held.ratio.ttfcP99Ms;
    out.push(
      verdict(
        `held (${heldStreams} streams): ref/floor TTFC p99`,
        `≤ ${TARGETS.heldTtfcRatio}`,
        ttfc,
        judged ? ttfc <= TARGETS.heldTtfcRatio && !held.flagged : null,
        note(ttfc, TARGETS.heldTtfcRatio),
      ),
    );
  }
  for (const t of harnessTargets(harness)) out.push(t);
  return out;
}

/** Offline checking: ratios to the parse floor on the 1M-chunk recording, and RSS across sizes. */
function harnessTargets(harness) {
  const sizes = harness?.sizes ?? [];
  if (sizes.length === 0) return [];
  const at = sizes.find((s) => s.chunks === 1000000) ?? sizes.at(-1);
  const label = `${at.chunks.toLocaleString('en-US')} chunks`;
  const s = at.summary;
  const clean = s.failedRuns === 0 && s.notPassed.length === 0;
  const rows = [
    verdict(
      `harness: check-transcript / parse floor chunks/s (${label})`,
      `≥ ${TARGETS.harnessThroughputRatio}`,
      round(s.ratio.chunksPerSec, 3),
      s.ratio.chunksPerSec >= TARGETS.harnessThroughputRatio && clean,
      `CPU-time ratio ${round(s.ratio.chunksPerCpuSec, 3)}`,
    ),
    verdict(
      `harness: check-transcript / parse floor peak RSS (${label})`,
      `≤ ${TARGETS.harnessRssRatio}`,
      round(s.ratio.peakRss, 3),
      s.ratio.peakRss <= TARGETS.harnessRssRatio && clean,
      `${round(s.ours.peakRssMb, 1)} vs ${round(s.floor.peakRssMb, 1)} MB`,
    ),
  ];
  if (sizes.length > 1) {
    // Largest against the next smaller: both long enough for the heap to reach its steady size
    // (the smallest recording ends before it does).
    const first = sizes.at(-2);
    const last = sizes.at(-1);
    const growth = last.summary.ours.peakRssMb / first.summary.ours.peakRssMb;
    rows.push(
      verdict(
        `harness: check-transcript peak RSS, ${last.chunks.toLocaleString('en-US')} / ${first.chunks.toLocaleString('en-US')} chunks`,
        `≤ ${TARGETS.harnessRssGrowth}`,
        round(growth, 3),
        growth <= TARGETS.harnessRssGrowth,
        `${round(first.summary.ours.peakRssMb, 1)} → ${round(last.summary.ours.peakRssMb, 1)} MB`,
      ),
    );
  }
  return rows;
}

module.exports = { summariseLoad, evaluateTargets };
