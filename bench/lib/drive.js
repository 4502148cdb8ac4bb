/**
 * Drives one server with one load in a separate load-client process and measures the server from
 * outside: CPU time from /proc/<pid>/stat around the measured phase (warm-up excluded), resident
 * memory sampled while the load runs, and VmHWM at the end.
 */
const { forkWorker } = require('./children');
const { cpuMicros, memory } = require('./proc');

const SAMPLE_MS = 200;

/** CLOCK_MONOTONIC in µs: the clock V8 stamps .cpuprofile samples with, so a profile can be cut to the measured span. */
function monotonicUs() {
  return Number(process.hrtime.bigint() / 1000n);
}

/**
 * @param {{ pid: number, url: string }} server
 * @param {object} load { streams, tokens, delayMs?, rampBatch?, rampGapMs?, deadlineMs, warmup? }
 * @returns {Promise<object>} the client's result plus the server's CPU and memory figures
 */
function drive(server, load) {
  return new Promise((resolve, reject) => {
    const spec = { url: server.url, ...load };
    const client = forkWorker('load-client.js', [JSON.stringify(spec)]);
    let stderr = '';
    client.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-4000);
    });
    client.stdout.resume();
    let cpuBefore = null;
    let measuredFromUs = null;
    let baseline = null;
    let atAllOpen = null;
    let peakSampledKb = 0;
    let settled = false;
    const sampler = setInterval(() => {
      const m = memory(server.pid);
      if (m && m.rssKb > peakSampledKb) peakSampledKb = m.rssKb;
    }, SAMPLE_MS);
    // The client has its own deadline; this one catches a client that itself hangs.
    const hard = setTimeout(
      () => done(new Error(`load client exceeded its deadline (${load.deadlineMs} ms + grace)`)),
      load.deadlineMs * 2 + 30000,
    );
    const done = (err, value) => {
      if (settled) return;
      settled = true;
      clearInterval(sampler);
      clearTimeout(hard);
      if (client.exitCode === null) client.kill('SIGKILL');
      if (err) reject(err);
      else resolve(value);
    };
    client.on('message', (msg) => {
      if (msg.type === 'warm') {
        cpuBefore = cpuMicros(server.pid);
        baseline = memory(server.pid);
        measuredFromUs = monotonicUs();
        client.send({ type: 'go' });
      } else if (msg.type === 'all-open') {
        atAllOpen = { ...memory(server.pid), open: msg.open };
      } else if (msg.type === 'result') {
        const cpuAfter = cpuMicros(server.pid);
        const measuredToUs = monotonicUs();
        const end = memory(server.pid);
        const r = msg.result;
        const cpuUs = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
        done(null, {
          ...r,
          window: { fromUs: measuredFromUs, toUs: measuredToUs },
          serverCpuMs: cpuUs === null ? null : cpuUs / 1000,
          serverCpuUsPerChunk: cpuUs !== null && r.contentChunks > 0 ? cpuUs / r.contentChunks : null,
          serverCpuCores: cpuUs !== null && r.elapsedMs > 0 ? cpuUs / 1000 / r.elapsedMs : null,
          baselineRssMb: baseline ? baseline.rssKb / 1024 : null,
          allOpenRssMb: atAllOpen ? atAllOpen.rssKb / 1024 : null,
          peakRssMb: Math.max(end?.hwmKb ?? 0, peakSampledKb) / 1024,
        });
      } else if (msg.type === 'failed') {
        done(new Error(`load client failed: ${msg.message}`));
      }
    });
    client.once('exit', (code) => {
      if (!settled) done(new Error(`load client exited with ${code}: ${stderr.trim()}`));
    });
  });
}

module.exports = { drive };
