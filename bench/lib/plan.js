/** What a run measures: the loads, repetitions and deadlines of the full and quick modes. */

/** Loads every server variant is driven with, in order. */
function loads(quick) {
  return [
    {
      id: 'single',
      title: quick ? '1 stream × 20,000 chunks' : '1 stream × 100,000 chunks',
      streams: 1,
      tokens: quick ? 20000 : 100000,
      warmup: { streams: 10, tokens: 500 },
      deadlineMs: 120000,
    },
    {
      id: 'concurrent',
      title: quick ? '200 concurrent streams × 200 chunks' : '500 concurrent streams × 200 chunks',
      streams: quick ? 200 : 500,
      tokens: 200,
      // Same concurrency as the measured load: opens the keep-alive sockets it will reuse.
      warmup: { streams: quick ? 200 : 500, tokens: 1 },
      deadlineMs: 120000,
    },
    {
      id: 'held',
      title: quick
        ? '2,000 streams held open (20 chunks, 500 ms apart)'
        : '10,000 streams held open (20 chunks, 500 ms apart)',
      streams: quick ? 2000 : 10000,
      tokens: 20,
      delayMs: 500,
      // Opening thousands of connections at once overflows the listen backlog (resets); instead at
      // most 2,000 requests wait for their first chunk at any time (the first wait is 500 ms, so
      // up to 4,000 new streams a second, a 2.5 s ramp for a server that keeps up).
      maxPending: 1000,
      warmup: { streams: 50, tokens: 10 },
      deadlineMs: quick ? 30000 : 120000,
      memoryLoad: true,
    },
  ];
}

/** Repetitions, transcript size and harness deadline of a mode. */
function settings(quick) {
  return {
    repetitions: quick ? 1 : 3,
    // Offline checking: recordings of these sizes (chunks), to show memory does not grow with them.
    harness: {
      sizes: quick ? [100000, 400000] : [100000, 1000000, 4000000],
      repetitions: quick ? 1 : 3,
      deadlineMs: quick ? 60000 : 240000,
    },
  };
}

/** The targets (this machine: 2 cores shared by server and client). */
const TARGETS = {
  throughputRatio: { single: 1.0, concurrent: 0.9 }, // reference chunks/s ≥ this × floor's
  cpuRatio: 1.2, // reference CPU per chunk ≤ 1.2 × floor
  heldRssRatio: 1.3, // 10,000 held streams: reference peak RSS ≤ 1.3 × floor's
  heldTtfcRatio: 1.5, // same load: reference TTFC p99 ≤ 1.5 × floor's
  harnessThroughputRatio: 0.6, // check-transcript chunks/s ≥ 0.6 × the parse floor's, 1M chunks
  harnessRssRatio: 1.5, // check-transcript peak RSS ≤ 1.5 × the parse floor's, 1M chunks
  harnessRssGrowth: 1.2, // peak RSS at the largest recording (4M) ≤ 1.2 × at the next smaller (1M)
};

module.exports = { loads, settings, TARGETS };
