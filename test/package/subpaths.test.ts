import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuiltCli } from '../helpers/builtCli';

const root = join(__dirname, '..', '..');

/** Runs a script with node in the package folder, so `chat-contract/…` resolves through its own exports. */
function node(args: string[]): string {
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** Every CommonJS module that loading `spec` loaded, as paths relative to node_modules or the package. */
function loadedBy(spec: string, how: 'require' | 'import'): string[] {
  const load =
    how === 'require' ? `require(${JSON.stringify(spec)})` : `await import(${JSON.stringify(spec)})`;
  const script = `${load}; console.log(JSON.stringify(Object.keys(require.cache)));`;
  // An async wrapper lets the CommonJS script await the dynamic import.
  const out = node([
    '-e',
    `(async () => { ${script} })().catch((e) => { console.error(e); process.exit(1); })`,
  ]);
  return (JSON.parse(out) as string[]).map((p) =>
    p.includes('/node_modules/') ? p.slice(p.lastIndexOf('/node_modules/') + 14) : p.slice(root.length + 1),
  );
}

beforeAll(() => ensureBuiltCli(), 180_000);

describe('package subpaths', () => {
  it.each(['require', 'import'] as const)(
    'chat-contract/client loads none of the server, express, the harness or the official clients (%s)',
    (how) => {
      const loaded = loadedBy('chat-contract/client', how);
      expect(loaded).toContain('dist/client/index.js');
      const forbidden = loaded.filter((p) =>
        /^(express|openai|ai|@ai-sdk|openapi-backend|pino|commander)\/|^dist\/((server|harness|cli|fake-upstream)\/|main\.js)/.test(
          p,
        ),
      );
      expect(forbidden).toEqual([]);
    },
  );

  it('the root does load the harness, which the check above would notice', () => {
    const loaded = loadedBy('chat-contract', 'require');
    expect(loaded.some((p) => p.startsWith('dist/harness/'))).toBe(true);
    expect(loaded.some((p) => p.startsWith('express/'))).toBe(true);
  });

  it('gives ESM importers every named export that CommonJS gets, for each subpath', () => {
    const script = `import { createRequire } from 'node:module';
      const require = createRequire(process.cwd() + '/package.json');
      const out = {};
      for (const sub of ['chat-contract', 'chat-contract/client', 'chat-contract/contract']) {
        const esm = await import(sub);
        // __esModule is CommonJS bookkeeping and default the interop's whole module: neither is a named export.
        const named = (keys) => keys.filter((k) => k !== 'default' && k !== '__esModule').sort();
        out[sub] = { cjs: named(Object.keys(require(sub))), esm: named(Object.keys(esm)) };
      }
      const { readChatStream, strictFetch } = await import('chat-contract/client');
      out.named = [typeof readChatStream, typeof strictFetch];
      out.spec = require.resolve('chat-contract/openapi.yaml') === (await import('chat-contract/contract')).SPEC_PATH;
      console.log(JSON.stringify(out));`;
    const out = JSON.parse(node(['--input-type=module', '-e', script]));
    for (const sub of ['chat-contract', 'chat-contract/client', 'chat-contract/contract']) {
      expect(out[sub].cjs.length).toBeGreaterThan(3);
      expect(out[sub].esm).toEqual(out[sub].cjs);
    }
    expect(out.named).toEqual(['function', 'function']);
    expect(out.spec).toBe(true);
  });
});
