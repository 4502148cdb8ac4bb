#!/usr/bin/env node

/**
 * Regenerates docs/compatibility.md: `npm run compatibility` (not part of `npm test`).
 * Runs `chat-contract matrix` over the reference server, the reference server as a proxy in front
 * of the fake upstream, and two third-party servers from npm (see ../shared/THIRD-PARTY.md), each
 * installed into a scratch folder outside the repository ($SCRATCH, default /tmp/thirdparty) and
 * served on loopback. Every process it starts is stopped by its pid.
 */
const { spawn, spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { createServer } = require('node:net');
const path = require('node:path');

const root = path.join(__dirname, '..');
const cli = path.join(root, 'dist', 'cli', 'index.js');
const scratch = process.env.SCRATCH || '/tmp/thirdparty';
const THIRD_PARTY = [
  { dir: 'mock-llm', pkg: '@dwmkerr/mock-llm', version: '0.1.29' },
  { dir: 'llm-debugger', pkg: 'llm-debugger', version: '1.0.17' },
];

/** A free loopback port. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Installs a package into its scratch folder unless that version is already there. */
function install({ dir, pkg, version }) {
  const folder = path.join(scratch, dir);
  const manifest = path.join(folder, 'node_modules', ...pkg.split('/'), 'package.json');
  if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).version === version) return folder;
  mkdirSync(folder, { recursive: true });
  if (!existsSync(path.join(folder, 'package.json')))
    writeFileSync(path.join(folder, 'package.json'), '{"private":true}\n');
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', `${pkg}@${version}`], {
    cwd: folder,
    stdio: 'inherit',
    timeout: 300_000,
  });
  if (r.status !== 0) throw new Error(`npm install ${pkg}@${version} failed in ${folder}`);
  return folder;
}

/** Polls a URL until it answers at all (any status), at most `ms`. */
async function waitFor(url, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (let i = 0; i < 200 && Date.now() < deadline; i++) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

/** Starts a server process, stopped later by its pid. */
function start(children, command, args, options) {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'], ...options });
  children.push(child);
  return child;
}

async function main() {
  if (!existsSync(cli))
    throw new Error('dist/ is missing: run `npm run build` first (npm run compatibility does)');
  const folders = THIRD_PARTY.map(install);
  const children = [];
  const work = path.join(scratch, 'matrix');
  mkdirSync(work, { recursive: true });
  // A fresh log folder per run: llm-debugger reads its earlier logs back when it starts.
  const home = mkdtempSync(path.join(work, 'llm-debugger-home-'));
  try {
    const mockPort = await freePort();
    const debuggerPort = await freePort();
    const upstreamPort = await freePort();
    start(children, path.join(folders[0], 'node_modules', '.bin', 'mock-llm'), [], {
      cwd: folders[0],
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(mockPort) },
    });
    start(
      children,
      path.join(folders[1], 'node_modules', '.bin', 'llm-debugger'),
      [
        '--proxy-host',
        '127.0.0.1',
        '--port',
        String(debuggerPort),
        '--target',
        `http://127.0.0.1:${upstreamPort}`,
        '--home',
        home,
      ],
      { cwd: folders[1] },
    );
    await waitFor(`http://127.0.0.1:${mockPort}/`);
    await waitFor(`http://127.0.0.1:${debuggerPort}/__viewer__`);

    const targets = path.join(work, 'targets.yaml');
    writeFileSync(
      targets,
      [
        'targets:',
        '  - name: reference',
        '    builtin: true',
        '  - name: reference as proxy',
        '    builtin: true',
        '    faults: upstream',
        '  - name: mock-llm 0.1.29',
        `    baseUrl: http://127.0.0.1:${mockPort}/v1`,
        '    model: gpt-4o-mini',
        '    faults: none',
        '  - name: llm-debugger 1.0.17',
        `    baseUrl: http://127.0.0.1:${debuggerPort}/v1`,
        '    faults: upstream',
        `    upstreamPort: ${upstreamPort}`,
        '',
      ].join('\n'),
    );
    const out = path.join(work, 'matrix.md');
    const run = spawnSync(
      process.execPath,
      [cli, 'matrix', targets, '--report', 'markdown', '--out', out, '--timeout-ms', '10000'],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
        timeout: 600_000,
      },
    );
    if (run.status !== 0 && run.status !== 1) throw new Error(`chat-contract matrix exited ${run.status}`);
    const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;
    const date = new Date().toISOString().slice(0, 10);
    const doc = [
      '# Compatibility results',
      '',
      '<!-- generated by `npm run compatibility` (scripts/compatibility.js); do not edit -->',
      '',
      `Generated ${date} with chat-contract ${version} on Node ${process.versions.node}, all servers on loopback,`,
      '`chat-contract matrix` with the default (strict) profile:',
      '',
      '- **reference**: the built-in reference server (`builtin: true`), fault scenarios by directives.',
      '- **reference as proxy**: the reference server with `--backend upstream` in front of the fake',
      '  upstream (`builtin: true, faults: upstream`); faults are injected upstream and must be passed on.',
      '- **mock-llm 0.1.29**: `@dwmkerr/mock-llm` from npm with its default configuration (it echoes the',
      '  last user message); the targets file names the model and declares no fault injection',
      '  (`faults: none`), so the fault scenarios are skipped.',
      '- **llm-debugger 1.0.17**: `llm-debugger` from npm, a logging proxy, in front of the fake upstream',
      '  (`faults: upstream`): the fault scenarios show how it passes upstream failures on.',
      '',
      'Each cell is the worst verdict of the check over its scenarios (fail/judged scenarios); the list',
      'after the tables explains every cell that did not pass in one line (the first finding).',
      '',
      readFileSync(out, 'utf8').trim(),
      '',
    ].join('\n');
    writeFileSync(path.join(root, 'docs', 'compatibility.md'), doc);
    console.log(`wrote docs/compatibility.md (matrix exit ${run.status})`);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`compatibility: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
