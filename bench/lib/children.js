/**
 * Child processes of a benchmark run: servers (floor or reference) and workers. Every child is
 * tracked and killed when the run ends, however it ends.
 */
const { spawn } = require('node:child_process');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const children = new Set();

function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Kills every child still running (SIGKILL: the run is over, nothing of theirs is wanted). */
function killAll() {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  children.clear();
}

let hooked = false;
/** Makes sure children die with the run: on exit, on Ctrl-C and on crashes. */
function killChildrenOnExit() {
  if (hooked) return;
  hooked = true;
  process.once('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => {
      killAll();
      process.exit(130);
    });
  }
}

/** A free loopback port (the kernel's pick for port 0, released at once). */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Spawns `node args…` with the open-files limit raised as far as the hard limit allows. */
function spawnNode(args, options = {}) {
  const quoted = ['node', ...args].map((a) => `'${String(a).replaceAll("'", "'\\''")}'`).join(' ');
  // exec keeps the pid: /proc/<pid> is the server's own.
  const script = `ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec ${quoted}`;
  return track(
    spawn('/bin/sh', ['-c', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...options }),
  );
}

/** Starts a bench script as a worker with an IPC channel (and the raised open-files limit). */
function forkWorker(script, args) {
  return spawnNode([path.join('bench', script), ...args], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
}

function healthy(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

/**
 * Starts a server variant and resolves once it answers /health.
 * @param {'floor'|'ref'} variant
 * @param {{ cpuProfDir?: string, nodeArgs?: string[], timeoutMs?: number }} options
 * @returns {Promise<{ variant, pid, port, url, stop: () => Promise<void> }>}
 */
async function startServer(variant, options = {}) {
  const port = await freePort();
  const prof = [
    ...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []),
    ...(options.nodeArgs ?? []),
  ];
  const args =
    variant === 'floor'
      ? [...prof, 'bench/floor-server.js', '--port', port]
      : [...prof, 'dist/cli/index.js', 'serve', '--port', port, '--log-level', 'warn'];
  const child = spawnNode(args);
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  child.stdout.resume();
  const deadline = Date.now() + (options.timeoutMs ?? 20000);
  while (!(await healthy(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${variant} server did not start: ${stderr.trim() || `exit ${child.exitCode}`}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      const hard = setTimeout(() => child.kill('SIGKILL'), 10000);
      child.once('exit', () => {
        clearTimeout(hard);
        resolve();
      });
      // SIGINT lets a profiled server write its profile on the way out.
      child.kill('SIGINT');
    });
  return { variant, pid: child.pid, port, url: `http://127.0.0.1:${port}`, stop, stderr: () => stderr };
}

module.exports = { ROOT, killAll, killChildrenOnExit, freePort, spawnNode, forkWorker, startServer };

/** The open-files limit children get after the raise (what bounds the held-open load). */
function openFilesLimit() {
  const { execFileSync } = require('node:child_process');
  const out = execFileSync(
    '/bin/sh',
    ['-c', 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; ulimit -n'],
    {
      encoding: 'utf8',
    },
  ).trim();
  return out === 'unlimited' ? Number.POSITIVE_INFINITY : Number(out);
}

module.exports.openFilesLimit = openFilesLimit;
