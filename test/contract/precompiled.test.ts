import type { ValidateFunction } from 'ajv';
import { compileSchema } from '../../src/contract';
import { compileSchemaNow } from '../../src/contract/schemas';
import type { SchemaName } from '../../src/contract/wire';

/** The schemas `npm run generate` precompiles (check:generated proves the file holds them). */
const { PRECOMPILED } = require('../../scripts/generate-lib.js') as { PRECOMPILED: SchemaName[] };

const usage = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 };
/** A valid document of each precompiled schema; the test derives broken ones from each. */
const VALID: Record<string, unknown> = {
  ChatCompletionChunk: {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [
      {
        index: 0,
        delta: {
          role: 'assistant',
          content: 'x',
          tool_calls: [{ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
        finish_reason: null,
        logprobs: { content: [{ token: 'x', logprob: -1, bytes: [120], top_logprobs: [] }], refusal: null },
      },
    ],
    usage,
  },
  ChatCompletionChunkDelta: { role: 'assistant', content: 'hi', refusal: null },
  ErrorResponse: { error: { message: 'm', type: 't', param: null, code: 'c' } },
  ChatCompletion: {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'hi', refusal: null },
        finish_reason: 'stop',
        logprobs: null,
      },
    ],
    usage,
  },
  ModelList: { object: 'list', data: [{ id: 'm', object: 'model', created: 1, owned_by: 'o' }] },
};

/** Every path to a value inside a document. */
function paths(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [at];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [at, ...keys.flatMap((k) => paths((value as Record<string | number, unknown>)[k], [...at, k]))];
}

/** The document with the value at `path` replaced (or removed when `to` is the REMOVE marker). */
const REMOVE = Symbol('remove');
function changed(doc: unknown, path: Array<string | number>, to: unknown): unknown {
  if (path.length === 0) return to === REMOVE ? undefined : to;
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (to === REMOVE) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = to;
  return copy;
}

/** The valid document and, for every value in it, the document with that value removed or replaced. */
function variants(doc: unknown): unknown[] {
  const out: unknown[] = [doc, { ...(doc as object), unexpected: 1 }];
  for (const path of paths(doc)) {
    for (const to of [REMOVE, null, 42, -1, 'x', '', true, [], {}]) out.push(changed(doc, path, to));
  }
  return out;
}

const outcome = (validate: ValidateFunction, doc: unknown) => {
  const valid = validate(doc);
  return { valid, errors: validate.errors ?? null };
};

describe('precompiled schema validators', () => {
  it.each(PRECOMPILED.map((name) => [name]))(
    '%s: compileSchema returns the precompiled validator',
    (name) => {
      expect(compileSchema(name)).not.toBe(compileSchemaNow(name));
      expect(compileSchema(name)).toBe(compileSchema(name));
    },
  );

  it.each(PRECOMPILED.map((name) => [name]))(
    '%s: gives the verdict and errors of the validator compiled at run time, on every variant of a valid document',
    (name: SchemaName) => {
      const doc = VALID[name];
      expect(doc).toBeDefined();
      const ours = compileSchema(name);
      const now = compileSchemaNow(name);
      const docs = variants(doc);
      let invalid = 0;
      for (const d of docs) {
        const want = outcome(now, d);
        expect(outcome(ours, d)).toEqual(want);
        if (!want.valid) invalid++;
      }
      expect(outcome(ours, doc).valid).toBe(true);
      // The variants reach the schema's rules, not only its top level.
      expect(invalid).toBeGreaterThan(docs.length / 3);
    },
  );
});
