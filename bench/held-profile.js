/**
 * Where a held stream's bytes go: opens N streams that stay open (slow pacing) against the floor
 * and the reference server, takes a heap snapshot of the server before the load (after warm-up)
 * and once every stream is open, and prints what the open streams added, per stream, by object
 * kind. A snapshot collects garbage first, so this is what an open stream holds, not what it
 * allocates; the peak RSS of `npm run bench` also counts garbage waiting for a full collection.
 *
 *   npm run build && node bench/held-profile.js [--streams 2000] [--top 25] [--variant ref|floor|both]
 *
 * Loopback only; every child is killed when the script ends.
 */
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { forkWorker, killChildrenOnExit, startServer } = require('./lib/children');

const argv = process.argv.slice(2);
const option = (name, dflt) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : dflt;
};
const STREAMS = Number(option('--streams', 2000));
const TOP = Number(option('--top', 25));
const VARIANTS = option('--variant', 'both') === 'both' ? ['floor', 'ref'] : [option('--variant')];

/** Self size and count per object kind (`type:name`) of a .heapsnapshot file. */
function summarise(file) {
  const snap = JSON.parse(fs.readFileSync(file, 'utf8'));
  const { node_fields: fields, node_types: types } = snap.snapshot.meta;
  const width = fields.length;
  const at = (f) => fields.indexOf(f);
  const [iType, iName, iSize] = [at('type'), at('name'), at('self_size')];
  const typeNames = types[0];
  const byKind = new Map();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = typeNames[snap.nodes[i + iType]];
    let name =
      type === 'string' || type === 'concatenated string' || type === 'number' || type === 'code'
        ? ''
        : snap.strings[snap.nodes[i + iName]];
    if (type === 'closure') name = name || '(anonymous)';
    const kind = `${type}${name ? `:${name}` : ''}`.slice(0, 80);
    const size = snap.nodes[i + iSize];
    total += size;
    const k = byKind.get(kind) ?? { size: 0, count: 0 };
    k.size += size;
    k.count++;
    byKind.set(kind, k);
  }
  return { total, byKind };
}

/** GET /health: answered only once the server's main thread is free again (snapshot written). */
function answered(port) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', timeout: 120000 }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('server did not answer after the snapshot')));
  });
}

/** Waits until the diagnostic dir holds `n` snapshots, the last one fully written. */
async function snapshots(dir, n, port, deadlineMs = 120000) {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot'));
    if (files.length >= n) {
      // The listen backlog may overflow while the snapshot blocks the server: ask again (bounded).
      for (let attempt = 1; ; attempt++) {
        try {
          await answered(port);
          break;
        } catch (err) {
          if (attempt >= 10) throw err;
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
      return files.sort().map((f) => path.join(dir, f));
    }
    if (Date.now() > until) throw new Error('heap snapshot not written in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function profile(variant) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-contract-heap-'));
  const server = await startServer(variant, {
    nodeArgs: ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${dir}`],
  });
  try {
    const spec = {
      url: server.url,
      streams: STREAMS,
      tokens: 20,
      delayMs: 4000,
      rampBatch: 200,
      rampGapMs: 100,
      warmup: { streams: 50, tokens: 10 },
      deadlineMs: 300000,
    };
    const client = forkWorker('load-client.js', [JSON.stringify(spec)]);
    client.stdout.resume();
    client.stderr.resume();
    let taken = 0;
    const done = new Promise((resolve, reject) => {
      client.on('message', async (msg) => {
        try {
          if (msg.type === 'warm') {
            process.kill(server.pid, 'SIGUSR2');
            await snapshots(dir, ++taken, server.port);
            client.send({ type: 'go' });
          } else if (msg.type === 'all-open') {
            process.kill(server.pid, 'SIGUSR2');
            await snapshots(dir, ++taken, server.port);
            client.kill('SIGKILL');
            resolve();
          } else if (msg.type === 'failed') reject(new Error(msg.message));
        } catch (err) {
          reject(err);
        }
      });
      client.once('exit', () => resolve());
    });
    await done;
    const files = await snapshots(dir, 2, server.port);
    const [before, after] = files.map(summarise);
    const rows = [...after.byKind]
      .map(([kind, a]) => {
        const b = before.byKind.get(kind) ?? { size: 0, count: 0 };
        return { kind, bytes: (a.size - b.size) / STREAMS, count: (a.count - b.count) / STREAMS };
      })
      .filter((r) => r.bytes > 0)
      .sort((x, y) => y.bytes - x.bytes);
    const perStream = (after.total - before.total) / STREAMS;
    const mb = (b) => (b / 2 ** 20).toFixed(1);
    console.log(
      `\n${variant}: live heap ${mb(before.total)} MB after warm-up, ${mb(after.total)} MB with ${STREAMS} streams open: ${(perStream / 1024).toFixed(1)} KiB per stream`,
    );
    console.log('| bytes/stream | objects/stream | kind |\n|---:|---:|---|');
    for (const r of rows.slice(0, TOP))
      console.log(`| ${r.bytes.toFixed(0)} | ${r.count.toFixed(2)} | \`${r.kind}\` |`);
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  killChildrenOnExit();
  for (const v of VARIANTS) await profile(v);
}

main().catch((err) => {
  console.error(`[held-profile] failed: ${err.stack ?? err}`);
  process.exitCode = 1;
});
