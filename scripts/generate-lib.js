/**
 * Shared by generate.js and check-generated.js: renders, from a spec, generated/openapi.d.ts (the
 * wire types), generated/openapi.json (the contract for the server, read without a YAML parser) and
 * generated/chat-request-validator.js (createChatCompletion's body check, precompiled).
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

/** Parses `--spec FILE --out FILE` with the project's files as defaults. */
function args(argv) {
  const root = path.resolve(__dirname, '..');
  const opts = { spec: path.join(root, 'openapi.yaml'), out: path.join(root, 'generated', 'openapi.d.ts') };
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === '--spec') opts.spec = path.resolve(argv[i + 1]);
    else if (argv[i] === '--out') opts.out = path.resolve(argv[i + 1]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return opts;
}

/** The contract as JSON: what `loadSpec()` reads at run time instead of parsing openapi.yaml. */
function renderSpecJson(specPath) {
  const { parse } = require('yaml');
  return `${JSON.stringify(parse(fs.readFileSync(specPath, 'utf8')), null, 2)}\n`;
}

const VALIDATOR_HEADER = [
  '/*',
  ' * GENERATED FILE - DO NOT EDIT.',
  " * Source: openapi.yaml, by `npm run generate`: createChatCompletion's request-body check exactly as",
  " * openapi-backend compiles it (src/server/http/validation.ts's options), as ajv standalone code.",
  ' * Loaded only through src/contract/chatRequestValidator.ts; `npm run check:generated` proves it fresh.',
  ' */',
  '',
].join('\n');

/**
 * createChatCompletion's request-body validator as ajv standalone code: openapi-backend builds the
 * schema (the body wrapped as `requestBody`, references resolved) and compiles it with the ajv that
 * src/server/http/validation.ts configures (2020-12, strict off, all errors); the code is that
 * compiled function, so the server need not compile it at start-up.
 */
function renderChatValidator(specPath) {
  const { parse } = require('yaml');
  const Ajv2020 = require('ajv/dist/2020').default;
  const standalone = require('ajv/dist/standalone').default;
  const OpenAPIBackend = require('openapi-backend').default;
  const ajvs = {};
  const api = new OpenAPIBackend({
    definition: parse(fs.readFileSync(specPath, 'utf8')),
    quick: true,
    validate: true,
    strict: false,
    customizeAjv: (_ajv, opts, context) => {
      ajvs[context] = new Ajv2020({ ...opts, strict: false, allErrors: true, code: { source: true } });
      return ajvs[context];
    },
  });
  api.register({ notFound: () => undefined, validationFail: () => undefined });
  api.init();
  const validate = api.validator.getRequestValidatorsForOperation('createChatCompletion')?.[0];
  if (!validate) throw new Error('createChatCompletion has no request body schema');
  return `${VALIDATOR_HEADER}${standalone(ajvs.requestBodyValidator, validate)}\n`;
}

/**
 * The component schemas the project checks documents against (chunks, deltas, errors, completions,
 * model lists), precompiled so no run compiles them; `compileSchema` takes what the generated file
 * exports.
 */
const PRECOMPILED = [
  'ChatCompletionChunk',
  'ChatCompletionChunkDelta',
  'ErrorResponse',
  'ChatCompletion',
  'ModelList',
];

const SCHEMAS_HEADER = [
  '/*',
  ' * GENERATED FILE - DO NOT EDIT.',
  ' * Source: openapi.yaml, by `npm run generate`: the validators of the component schemas the project checks',
  ' * documents against, compiled as src/contract/schemas.ts compiles them (ajv 2020-12, strict off, all errors),',
  ' * as ajv standalone code, one export per schema name.',
  ' * Loaded only through src/contract/schemas.ts; `npm run check:generated` proves it fresh.',
  ' */',
  '',
].join('\n');

/** The precompiled component validators: the same Ajv options and document id as src/contract/schemas.ts. */
function renderSchemaValidators(specPath) {
  const { parse } = require('yaml');
  const Ajv2020 = require('ajv/dist/2020').default;
  const standalone = require('ajv/dist/standalone').default;
  const ajv = new Ajv2020({ strict: false, allErrors: true, code: { source: true } });
  const doc = parse(fs.readFileSync(specPath, 'utf8'));
  ajv.addSchema({ $id: 'chat-contract:openapi', components: doc.components });
  const refs = {};
  for (const name of PRECOMPILED) refs[name] = `chat-contract:openapi#/components/schemas/${name}`;
  return `${SCHEMAS_HEADER}${standalone(ajv, refs)}\n`;
}

/** Every generated file, next to the types file `out`, with its renderer. */
function outputs(opts) {
  const dir = path.dirname(opts.out);
  return [
    { file: opts.out, render: () => render(opts.spec) },
    { file: path.join(dir, 'openapi.json'), render: () => renderSpecJson(opts.spec) },
    { file: path.join(dir, 'chat-request-validator.js'), render: () => renderChatValidator(opts.spec) },
    { file: path.join(dir, 'schema-validators.js'), render: () => renderSchemaValidators(opts.spec) },
  ];
}

module.exports = { render, args, outputs, PRECOMPILED };
