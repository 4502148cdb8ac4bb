/**
 * Shared by generate.js and check-generated.js: renders generated/openapi.d.ts (the wire types) and
 * generated/openapi.json (the contract as JSON, what the runtime loads: parsing YAML costs a third
 * of a second at every start) from a spec.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const HEADER = [
  '/**',
  ' * GENERATED FILE - DO NOT EDIT.',
  ' * Source: openapi.yaml, by `npm run generate` (openapi-typescript --default-non-nullable=false).',
  ' * Import it only through src/contract/wire.ts; `npm run check:generated` proves it fresh.',
  ' */',
  '',
].join('\n');

/** Renders the type file for `specPath` and returns its text. */
function render(specPath) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-contract-gen-'));
  const out = path.join(dir, 'openapi.d.ts');
  try {
    const bin = path.join(path.dirname(require.resolve('openapi-typescript/package.json')), 'bin', 'cli.js');
    execFileSync(process.execPath, [bin, specPath, '-o', out, '--default-non-nullable=false'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return HEADER + fs.readFileSync(out, 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Renders the JSON copy of `specPath`: the same document, two-space indented. */
function renderJson(specPath) {
  const { parse } = require('yaml');
  return `${JSON.stringify(parse(fs.readFileSync(specPath, 'utf8')), null, 2)}\n`;
}

/**
 * Parses `--spec FILE --out FILE --json FILE` with the project's files as defaults; the JSON copy
 * goes next to `--out` unless named.
 */
function args(argv) {
  const root = path.resolve(__dirname, '..');
  const opts = { spec: path.join(root, 'openapi.yaml'), out: path.join(root, 'generated', 'openapi.d.ts') };
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === '--spec') opts.spec = path.resolve(argv[i + 1]);
    else if (argv[i] === '--out') opts.out = path.resolve(argv[i + 1]);
    else if (argv[i] === '--json') opts.json = path.resolve(argv[i + 1]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  opts.json ??= path.join(path.dirname(opts.out), 'openapi.json');
  return opts;
}

module.exports = { render, renderJson, args };
