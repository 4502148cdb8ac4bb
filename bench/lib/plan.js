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
      title: quick ? '200 concurrent streams × 200 chunks' : '1,000 concurrent streams × 200 chunks',
      streams: quick ? 200 : 1000,
      tokens: 200,
      // Same concurrency as the measured load: opens the keep-alive sockets it will reuse.
      warmup: { streams: quick ? 200 : 1000, tokens: 1 },
      deadlineMs: 120000,
    },
    {
      id: 'held',
      title: quick
        ? '1,000 streams held open (5 chunks, 500 ms apart)'
        : '10,000 streams held open (20 chunks, 3 s apart)',
      streams: quick ? 1000 : 10000,
      // Streams outlast the ramp (the reference server needed up to 40 s to answer 10,000 requests),
      // so all of them are open together when memory is read.
      tokens: quick ? 5 : 20,
      delayMs: quick ? 500 : 3000,
      // Opening thousands of connections at once overflows the listen backlog; ramp instead.
      rampBatch: 500,
      rampGapMs: 100,
      warmup: { streams: 50, tokens: 10 },
      deadlineMs: quick ? 20000 : 180000,
      // Memory needs no medians of three; one interleaved pair keeps a full run near 6 minutes.
      repetitions: 1,
      memoryLoad: true,
    },
  ];
}

/** Repetitions, transcript size and harness deadline of a mode. */
function settings(quick) {
  return {
    repetitions: quick ? 1 : 3,
    transcriptChunks: quick ? 100000 : 1000000,
    harnessDeadlineMs: quick ? 30000 : 180000,
  };
}

/** The targets (this machine: 2 cores shared by server and client). */
const TARGETS = {
  throughputRatio: 0.85, // reference chunks/s ≥ 0.85 × floor, on both throughput loads
  cpuRatio: 1.2, // reference CPU per chunk ≤ 1.2 × floor
  heldRssMb: 400, // 10,000 open streams under 400 MB server RSS
  harnessChunksPerSec: 300000, // offline checks on one core
};

module.exports = { loads, settings, TARGETS };
