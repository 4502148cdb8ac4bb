import { compileSchema, describeErrors } from '../../src/contract';
import { generateInvalidCases, schemaDefects, validExtras } from '../../src/harness/fuzz';
import { BODY_LIMIT, VALID_BODY } from '../../src/harness/fuzz/rawCases';
import type { FuzzCase, FuzzFamily } from '../../src/harness/fuzz/types';

const validate = compileSchema('CreateChatCompletionRequest');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The parsed body when the case is JSON the server would read as a request, else undefined. */
function parsedJson(c: FuzzCase): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(strictUtf8.decode(c.bytes)) };
  } catch {
    return undefined;
  }
}

const SEEDS = [1, 42, 20260611];
const memo = new Map<number, FuzzCase[]>();
/** 600 cases per seed, generated once: the bodies add up to tens of megabytes. */
function casesFor(seed: number): FuzzCase[] {
  if (!memo.has(seed)) memo.set(seed, generateInvalidCases(seed, 600));
  return memo.get(seed)!;
}

describe('invalid-case generator', () => {
  it('gives the same cases for the same seed, byte for byte', () => {
    const a = generateInvalidCases(42, 200);
    const b = generateInvalidCases(42, 200);
    expect(b.map((c) => [c.name, c.contentType, c.bytes.toString('base64')])).toEqual(
      a.map((c) => [c.name, c.contentType, c.bytes.toString('base64')]),
    );
  });

  it('gives different cases for a different seed', () => {
    const a = generateInvalidCases(1, 50).map((c) => c.name);
    const b = generateInvalidCases(2, 50).map((c) => c.name);
    expect(b).not.toEqual(a);
  });

  it('starts from a body the contract accepts, and varies it only with valid fields', () => {
    expect(describeErrors(validate(VALID_BODY) ? [] : validate.errors)).toEqual([]);
    const rejected = validExtras().filter(([key, value]) => !validate({ ...VALID_BODY, [key]: value }));
    expect(rejected).toEqual([]);
  });

  it('derives defects from the schema for required, type, range, enum and conditional rules', () => {
    const names = schemaDefects().map((d) => d.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'model: missing',
        'messages: fewer than minItems',
        'temperature: above maximum',
        'n: wrong type float',
        'stop: more than maxItems',
        'session_id: longer than maxLength',
        'messages[0].role: not in enum',
        'messages[0]: role tool without tool_call_id',
        'messages[0]: role user without content',
        'tools[0].function.name: breaks pattern',
        'stream_options: unknown property',
        'logit_bias.key: above maximum',
      ]),
    );
  });

  it('never derives a schema defect the contract accepts', () => {
    const accepted = schemaDefects().filter((d) => {
      const body: Record<string, unknown> = { ...VALID_BODY };
      if (d.value === undefined) delete body[d.key];
      else body[d.key] = d.value;
      return validate(body);
    });
    expect(accepted.map((d) => d.name)).toEqual([]);
  });

  it.each(SEEDS)('never generates a JSON body the contract accepts (seed %i)', (seed) => {
    const accepted = casesFor(seed).filter((c) => {
      const parsed = parsedJson(c);
      return parsed !== undefined && validate(parsed.value);
    });
    // Only wrong media types may carry a valid body: there the media type is the defect.
    expect(accepted.filter((c) => c.family !== 'media-type').map((c) => c.name)).toEqual([]);
  });

  it.each<FuzzFamily>(['non-json', 'truncated-json', 'invalid-utf8', 'empty-body'])(
    'makes every %s case unreadable as JSON',
    (family) => {
      const cases = casesFor(1).filter((c) => c.family === family);
      expect(cases.length).toBeGreaterThan(0);
      expect(cases.filter((c) => parsedJson(c) !== undefined).map((c) => c.name)).toEqual([]);
    },
  );

  it('draws every family within 600 cases', () => {
    const families = new Set(casesFor(42).map((c) => c.family));
    expect([...families].sort()).toEqual(
      [
        'deep-nesting',
        'duplicate-key',
        'empty-body',
        'huge',
        'invalid-utf8',
        'media-type',
        'non-json',
        'not-an-object',
        'random-bytes',
        'schema',
        'too-large',
        'truncated-json',
      ].sort(),
    );
  });

  it('keeps bodies under the 1 MiB limit except the too-large family, which exceeds it', () => {
    const cases = casesFor(20260611);
    expect(cases.filter((c) => c.family !== 'too-large' && c.bytes.length > BODY_LIMIT)).toEqual([]);
    expect(cases.filter((c) => c.family === 'too-large').every((c) => c.bytes.length > BODY_LIMIT)).toBe(
      true,
    );
  });

  it('nests 10,000 levels deep in some cases', () => {
    const deep = casesFor(1).filter((c) => c.name.includes('10000 nested'));
    expect(deep.length).toBeGreaterThan(0);
  });

  it('puts a valid value first and the defect last in duplicate-key cases', () => {
    const dups = casesFor(42).filter((c) => c.name.includes(' valid first, then '));
    expect(dups.length).toBeGreaterThan(0);
    for (const c of dups) {
      const key = c.name.replace('duplicate-key: ', '').split(' ')[0];
      const text = c.bytes.toString('utf8');
      // A valid extra field may nest the same key (moderation.model); only the top level counts.
      const nested = JSON.stringify(JSON.parse(text)).split(`"${key}":`).length - 2;
      expect(text.split(`"${key}":`).length - nested).toBe(3);
    }
  });
});
