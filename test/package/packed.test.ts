import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The package as users get it: `npm pack` (which runs `prepare`, the build) on a copy of the
 * sources, installed offline from the npm cache into an empty project, then used through its bin
 * and each subpath from ESM, CommonJS and TypeScript. CI runs `npm ci` first, which fills the cache.
 */
const root = join(__dirname, '..', '..');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

let work: string;
let app: string;

/** The environment without the npm lifecycle variables of the `npm test` running this suite. */
function env(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
  const out: NodeJS.ProcessEnv = { npm_config_update_notifier: 'false', npm_config_fund: 'false' };
  for (const [k, v] of Object.entries(process.env))
    if (!k.toLowerCase().startsWith('npm_') || keep.has(k)) out[k] = v;
  return out;
}

function run(cmd: string, args: string[], cwd: string, timeoutMs = 120_000): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env: env(), encoding: 'utf8', timeout: timeoutMs });
}

/** Runs a command that must succeed; the error says what ran, how it ended and what it printed. */
function must(cmd: string, args: string[], cwd: string, timeoutMs?: number): string {
  const r = run(cmd, args, cwd, timeoutMs);
  if (r.status !== 0) {
    const how = r.error ? `${r.error.message}` : r.signal ? `signal ${r.signal}` : `exit ${r.status}`;
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed: ${how}\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

/**
 * A lockfile for the empty project: the tarball, and the project's own locked production
 * dependencies. Without one, npm resolves every range from registry metadata, which `npm ci` does
 * not leave in the cache (it fetches locked tarballs only), so an offline install would fail on
 * metadata rather than on the package; with it, npm needs exactly the tarballs `npm ci` cached.
 */
function lockFor(tarball: string): object {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  const packages: Record<string, unknown> = {
    '': { name: 'packed-app', version: '1.0.0', dependencies: { 'chat-contract': tarball } },
    'node_modules/chat-contract': {
      version,
      resolved: tarball,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key.startsWith('node_modules/') && !entry.dev) packages[key] = entry;
  }
  return { name: 'packed-app', version: '1.0.0', lockfileVersion: 3, requires: true, packages };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'chat-contract-packed-'));
  // A copy of the sources, so the build `npm pack` runs writes no dist/ another suite is reading.
  const pkg = join(work, 'pkg');
  mkdirSync(pkg);
  for (const entry of [
    'package.json',
    'README.md',
    'openapi.yaml',
    'tsconfig.json',
    'tsconfig.build.json',
    'src',
    'generated',
  ]) {
    cpSync(join(root, entry), join(pkg, entry), { recursive: true });
  }
  symlinkSync(realpathSync(join(root, 'node_modules')), join(pkg, 'node_modules'), 'dir');
  const out = join(work, 'out');
  mkdirSync(out);
  must('npm', ['pack', '--pack-destination', out], pkg, 180_000);
  const tarballs = readdirSync(out).filter((f) => f.endsWith('.tgz'));
  expect(tarballs).toEqual([`chat-contract-${version}.tgz`]);

  app = join(work, 'app');
  mkdirSync(app);
  const tarball = `file:../out/${tarballs[0]}`;
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'packed-app', version: '1.0.0', private: true }),
  );
  writeFileSync(join(app, 'package-lock.json'), JSON.stringify(lockFor(tarball)));
  const install = run(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', tarball.slice(5)],
    app,
    180_000,
  );
  if (install.status !== 0) {
    const notCached = /ENOTCACHED|only-if-cached/.test(`${install.stdout}${install.stderr}`);
    throw new Error(
      notCached
        ? `the offline install could not find a dependency in the npm cache (ENOTCACHED): run \`npm ci\` (or \`npm cache add\` the missing package) so the cache holds every dependency, then run this test again.\n${install.stderr}`
        : `npm install of the packed tarball failed (exit ${install.status}):\n${install.stdout}\n${install.stderr}`,
    );
  }
  // Each step is bounded by its own timeout (pack 180 s, install 180 s); this only has to exceed their sum.
}, 400_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package, installed in an empty project', () => {
  it('ships the build, the contract and nothing of the sources or tests', () => {
    const installed = join(app, 'node_modules', 'chat-contract');
    const top = readdirSync(installed).sort();
    expect(top).toEqual(['README.md', 'dist', 'generated', 'openapi.yaml', 'package.json']);
    expect(readdirSync(join(installed, 'dist', 'client'))).toContain('index.d.ts');
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.private).toBeUndefined();
  });

  it('runs the CLI through npx: --version, and check against the built-in server', () => {
    expect(must('npx', ['--offline', 'chat-contract', '--version'], app).trim()).toBe(version);
    const check = run('npx', ['--offline', 'chat-contract', 'check'], app, 120_000);
    expect({ status: check.status, stderr: check.status === 0 ? '' : check.stderr }).toEqual({
      status: 0,
      stderr: '',
    });
    expect(check.stdout).toMatch(/\d+ passed, 0 failed/);
  }, 180_000);

  it('imports each subpath from ESM and requires it from CommonJS', () => {
    const probe = `
      const { readChatStream, strictFetch, accumulate, ChatStreamTruncatedError } = client;
      const { runConformance, renderPretty, startServer } = root;
      const { SPEC_PATH, compileSchema } = contract;
      const fs = await import('node:fs');
      console.log(JSON.stringify([
        typeof readChatStream, typeof strictFetch, typeof accumulate, typeof ChatStreamTruncatedError,
        typeof runConformance, typeof renderPretty, typeof startServer,
        typeof compileSchema, fs.existsSync(SPEC_PATH),
      ]));`;
    writeFileSync(
      join(app, 'esm.mjs'),
      `import * as root from 'chat-contract';
       import * as client from 'chat-contract/client';
       import * as contract from 'chat-contract/contract';
       import { readChatStream as named } from 'chat-contract/client';
       if (named !== client.readChatStream) throw new Error('named import differs');
       ${probe}`,
    );
    writeFileSync(
      join(app, 'cjs.cjs'),
      `(async () => {
         const root = require('chat-contract');
         const client = require('chat-contract/client');
         const contract = require('chat-contract/contract');
         ${probe}
       })().catch((e) => { console.error(e); process.exit(1); });`,
    );
    const want = [
      'function',
      'function',
      'function',
      'function',
      'function',
      'function',
      'function',
      'function',
      true,
    ];
    expect(JSON.parse(must(process.execPath, ['esm.mjs'], app))).toEqual(want);
    expect(JSON.parse(must(process.execPath, ['cjs.cjs'], app))).toEqual(want);
  });

  it('type-checks imports of each subpath from ESM, CommonJS and old-style resolution', () => {
    const code = `import { type ChatResult, readChatStream, strictFetch } from 'chat-contract/client';
      import type { ChatCompletionChunk } from 'chat-contract/contract';
      import { runConformance } from 'chat-contract';
      export async function first(res: Response): Promise<ChatCompletionChunk | undefined> {
        for await (const chunk of readChatStream(res)) return chunk;
        return undefined;
      }
      export const f: typeof fetch = strictFetch();
      export const r: ChatResult | undefined = undefined;
      export const run: typeof runConformance = runConformance;
      // @ts-expect-error a name the client does not export
      import { startServer } from 'chat-contract/client';
      export { startServer };\n`;
    // The README's examples for client authors, as a user would paste them.
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## For client authors'));
    const examples = [...section.slice(0, section.indexOf('\n## ')).matchAll(/```ts\n([\s\S]*?)```/g)].map(
      (m) => m[1]!,
    );
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const [i, example] of examples.entries())
      writeFileSync(join(app, `readme-${i}.mts`), `${example}export {};\n`);
    writeFileSync(join(app, 'esm.mts'), code);
    writeFileSync(join(app, 'cjs.cts'), code);
    writeFileSync(join(app, 'old.ts'), code);
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const common = [
      '--noEmit',
      '--strict',
      '--skipLibCheck',
      '--types',
      'node',
      '--typeRoots',
      join(root, 'node_modules', '@types'),
    ];
    must(
      process.execPath,
      [
        tsc,
        ...common,
        '--module',
        'node16',
        '--moduleResolution',
        'node16',
        '--target',
        'es2022',
        'esm.mts',
        'cjs.cts',
        ...examples.map((_, i) => `readme-${i}.mts`),
      ],
      app,
    );
    must(
      process.execPath,
      [tsc, ...common, '--module', 'commonjs', '--moduleResolution', 'node10', 'old.ts'],
      app,
    );
  }, 120_000);
});
