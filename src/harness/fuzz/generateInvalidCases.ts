import { messageDefects } from './messageDefects';
import { createPrng, type Prng } from './prng';
import {
  BODY_LIMIT,
  deepNesting,
  duplicateKeyBody,
  INVALID_UTF8,
  NON_JSON,
  NOT_AN_OBJECT,
  randomBytes,
  VALID_BODY,
  WRONG_MEDIA_TYPES,
  withRawField,
} from './rawCases';
import { schemaDefects, UNKNOWN_KEY, validExtras } from './schemaDefects';
import type { FieldDefect, FuzzCase, FuzzFamily } from './types';

const JSON_TYPE = 'application/json';
type Built = Omit<FuzzCase, 'index' | 'expect'>;

interface Context {
  rng: Prng;
  /** Next schema defect, cycling through all of them in a seeded order. */
  nextDefect(): FieldDefect;
  extras: Array<[string, unknown]>;
  /** The valid request every defect is applied to. */
  valid: typeof VALID_BODY;
}

/** The valid body plus up to three valid optional fields, with the defect applied last. */
function bodyWith(ctx: Context, defect: FieldDefect): Record<string, unknown> {
  const body: Record<string, unknown> = structuredClone(ctx.valid);
  const count = ctx.rng.int(0, 3);
  for (let i = 0; i < count; i++) {
    const [key, value] = ctx.rng.pick(ctx.extras);
    if (key !== defect.key) body[key] = structuredClone(value);
  }
  if (defect.value === undefined) delete body[defect.key];
  else body[defect.key] = defect.value;
  return body;
}

/** Mostly application/json; sometimes no header at all, which the server also reads as JSON. */
function jsonType(rng: Prng): string | undefined {
  return rng.next() < 0.1 ? undefined : JSON_TYPE;
}

function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

const builders: Record<FuzzFamily, (ctx: Context) => Built> = {
  schema: (ctx) => {
    const defect = ctx.nextDefect();
    const body = bodyWith(ctx, defect);
    return {
      name: defect.name,
      family: 'schema',
      bytes: utf8(JSON.stringify(body)),
      contentType: jsonType(ctx.rng),
    };
  },
  'duplicate-key': (ctx) => {
    let defect = ctx.nextDefect();
    while (defect.value === undefined) defect = ctx.nextDefect();
    const valid = ctx.extras.find(([k]) => k === defect.key)?.[1] ?? ctx.valid[defect.key as 'model'] ?? true;
    // Half the time both occurrences are defects, so a parser that keeps the first also rejects it.
    const bothBad = ctx.rng.next() < 0.5;
    const first = bothBad ? defect.value : valid;
    const text = duplicateKeyBody(defect, first, bodyWith(ctx, defect));
    const how = bothBad ? 'twice' : 'valid first, then';
    return {
      name: `${defect.key} ${how} ${defect.name}`,
      family: 'duplicate-key',
      bytes: utf8(text),
      contentType: JSON_TYPE,
    };
  },
  'invalid-utf8': (ctx) => {
    const [what, bad] = ctx.rng.pick(INVALID_UTF8);
    const [head, tail] = JSON.stringify(ctx.valid).split('"hi"') as [string, string];
    const bytes = Buffer.concat([utf8(`${head}"hi`), Buffer.from(bad), utf8(`"${tail}`)]);
    return { name: `${what} in user content`, family: 'invalid-utf8', bytes, contentType: JSON_TYPE };
  },
  'non-json': (ctx) => {
    const text = ctx.rng.pick(NON_JSON);
    return {
      name: JSON.stringify(text.slice(0, 40)),
      family: 'non-json',
      bytes: utf8(text),
      contentType: jsonType(ctx.rng),
    };
  },
  'truncated-json': (ctx) => {
    const bytes = utf8(JSON.stringify(bodyWith(ctx, { name: '', key: 'stream', value: true })));
    const at = ctx.rng.int(1, bytes.length - 1);
    return {
      name: `cut at byte ${at} of ${bytes.length}`,
      family: 'truncated-json',
      bytes: bytes.subarray(0, at),
      contentType: JSON_TYPE,
    };
  },
  'not-an-object': (ctx) => {
    const text = ctx.rng.pick(NOT_AN_OBJECT);
    return {
      name: `body ${text.slice(0, 30)}`,
      family: 'not-an-object',
      bytes: utf8(text),
      contentType: jsonType(ctx.rng),
    };
  },
  'media-type': (ctx) => {
    const type = ctx.rng.pick(WRONG_MEDIA_TYPES);
    return {
      name: `valid body as ${type}`,
      family: 'media-type',
      bytes: utf8(JSON.stringify(ctx.valid)),
      contentType: type,
      wantStatus: 415,
    };
  },
  'empty-body': (ctx) => {
    const text = ctx.rng.pick(['', '', '   \r\n\t']);
    const contentType = ctx.rng.next() < 0.5 ? undefined : JSON_TYPE;
    return {
      name: `${text ? 'whitespace' : 'empty'} body, ${contentType ?? 'no content type'}`,
      family: 'empty-body',
      bytes: utf8(text),
      contentType,
    };
  },
  'random-bytes': (ctx) => {
    const bytes = randomBytes(ctx.rng);
    return {
      name: `${bytes.length} random bytes`,
      family: 'random-bytes',
      bytes,
      contentType: jsonType(ctx.rng),
    };
  },
  huge: (ctx) => {
    const size = ctx.rng.int(64 * 1024, BODY_LIMIT - 4096);
    const big = 'x'.repeat(size);
    const variants: Array<[string, Record<string, unknown>]> = [
      ['temperature as a huge string', { ...VALID_BODY, temperature: big }],
      ['role as a huge string', { ...VALID_BODY, messages: [{ role: big, content: 'hi' }] }],
      [
        'huge content and temperature 9',
        { ...VALID_BODY, messages: [{ role: 'user', content: big }], temperature: 9 },
      ],
      ['huge unknown field', { ...VALID_BODY, [UNKNOWN_KEY]: big }],
      [
        'stop with too many strings',
        { ...VALID_BODY, stop: Array.from({ length: Math.floor(size / 4) }, () => 'x') },
      ],
      [
        'many messages, the last with role robot',
        {
          ...VALID_BODY,
          messages: [
            ...Array.from({ length: Math.floor(size / 32) }, () => VALID_BODY.messages[0]),
            { role: 'robot', content: 'x' },
          ],
        },
      ],
    ];
    const [what, body] = ctx.rng.pick(variants);
    return {
      name: `${what} (${size} bytes)`,
      family: 'huge',
      bytes: utf8(JSON.stringify(body)),
      contentType: JSON_TYPE,
    };
  },
  'too-large': (ctx) => {
    // Over the limit and also carrying a schema defect, so a server with a higher limit still says 4xx.
    const size = BODY_LIMIT + ctx.rng.int(1, 64 * 1024);
    const body = { ...VALID_BODY, [UNKNOWN_KEY]: 'x'.repeat(size) };
    return {
      name: `body over 1 MiB (${size} bytes of padding)`,
      family: 'too-large',
      bytes: utf8(JSON.stringify(body)),
      contentType: JSON_TYPE,
      wantStatus: 413,
    };
  },
  'deep-nesting': (ctx) => {
    const depth = ctx.rng.next() < 0.5 ? 10_000 : ctx.rng.int(100, 10_000);
    const kind = ctx.rng.pick(['array', 'object'] as const);
    const field = ctx.rng.pick(['model', 'stop', 'temperature', 'stream_options', 'messages', 'user']);
    const text = withRawField(field, deepNesting(depth, kind));
    return {
      name: `${field} as ${depth} nested ${kind}s`,
      family: 'deep-nesting',
      bytes: utf8(text),
      contentType: JSON_TYPE,
    };
  },
};

/** How often each family is drawn; schema defects dominate since they carry the contract. */
const WEIGHTS: Array<[FuzzFamily, number]> = [
  ['schema', 50],
  ['duplicate-key', 6],
  ['invalid-utf8', 5],
  ['non-json', 5],
  ['truncated-json', 5],
  ['not-an-object', 3],
  ['media-type', 5],
  ['empty-body', 2],
  ['random-bytes', 5],
  ['huge', 6],
  ['too-large', 2],
  ['deep-nesting', 6],
];
const TOTAL = WEIGHTS.reduce((sum, [, w]) => sum + w, 0);

function drawFamily(rng: Prng): FuzzFamily {
  let roll = rng.next() * TOTAL;
  for (const [family, weight] of WEIGHTS) {
    roll -= weight;
    if (roll < 0) return family;
  }
  return 'schema';
}

/** Options of the generator. */
export interface InvalidCaseOptions {
  /** The model the valid base request names, so a target's own model is exercised (default: the scripted one). */
  model?: string;
}

/**
 * Yields `count` invalid requests for `POST /v1/chat/completions`, built from the contract one at
 * a time (oversize cases are a megabyte each); the same seed gives the same cases, byte for byte.
 * @example for (const c of invalidCases(42, 10_000)) await send(c);
 */
export function* invalidCases(
  seed: number,
  count: number,
  options: InvalidCaseOptions = {},
): Generator<FuzzCase> {
  const rng = createPrng(seed);
  const defects = rng.shuffle([...schemaDefects(), ...messageDefects()]);
  let cursor = 0;
  const ctx: Context = {
    rng,
    extras: validExtras(),
    valid: { ...VALID_BODY, ...(options.model ? { model: options.model } : {}) },
    nextDefect: () => defects[cursor++ % defects.length] as FieldDefect,
  };
  for (let index = 0; index < count; index++) {
    const built = builders[drawFamily(rng)](ctx);
    yield { index, ...built, name: `${built.family}: ${built.name}`, expect: '4xx' };
  }
}

/**
 * Builds `count` invalid requests for `POST /v1/chat/completions` from the contract; every case
 * must be answered with a 4xx envelope. Same seed, same cases.
 * @example for (const c of generateInvalidCases(42, 300)) await fetch(url, { method: 'POST', body: c.bytes });
 */
export function generateInvalidCases(
  seed: number,
  count: number,
  options: InvalidCaseOptions = {},
): FuzzCase[] {
  return [...invalidCases(seed, count, options)];
}
