import { chatRequestValidator } from '../../src/contract/chatRequestValidator';
import { createApiBackend } from '../../src/server/http/validation';

/*
 * The server checks chat bodies with the precompiled validator (generated/chat-request-validator.js).
 * It must judge every body as openapi-backend's own compiled check does, error for error: same
 * verdicts, same ajv errors (keyword, path, params, message) in the same order.
 */

/** openapi-backend's check for createChatCompletion, compiled now from the shipped contract. */
function compiledNow() {
  const api = createApiBackend();
  api.register({ notFound: () => undefined, validationFail: () => undefined });
  api.init();
  const validate = api.validator.getRequestValidatorsForOperation('createChatCompletion')?.[0];
  if (!validate) throw new Error('no request body validator');
  return validate;
}

const bases: unknown[] = [
  { model: 'm', messages: [{ role: 'user', content: 'hi' }] },
  {
    model: 'm',
    messages: [
      { role: 'system', content: 's' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'x' },
          { type: 'image_url', image_url: { url: 'http://x' } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'a', content: 'r' },
    ],
    tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
    tool_choice: 'auto',
    response_format: { type: 'json_schema', json_schema: { name: 'x', schema: {} } },
    stream: true,
    stream_options: { include_usage: true },
    n: 2,
    temperature: 1,
    top_p: 0.5,
    stop: ['a'],
    max_tokens: 5,
    logprobs: true,
    top_logprobs: 2,
    seed: 1,
    user: 'u',
    metadata: { a: 'b' },
    logit_bias: { '1': 2 },
  },
];

const values: unknown[] = [
  null,
  1,
  -1,
  2.5,
  'x',
  '',
  true,
  [],
  {},
  [1],
  { a: 1 },
  1e9,
  'user',
  'function',
  'auto',
];

/** A small deterministic generator, so a failure names a body that can be reproduced. */
function generator(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

/** One random change somewhere in `value`: a field replaced, removed or added, at any depth. */
function mutate(value: unknown, rnd: () => number): unknown {
  const pick = () => values[Math.floor(rnd() * values.length)];
  if (value === null || typeof value !== 'object') return pick();
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as never) : { ...value };
  const keys = Object.keys(copy);
  const r = rnd();
  if (keys.length && r < 0.5) {
    const k = keys[Math.floor(rnd() * keys.length)]!;
    copy[k] = rnd() < 0.6 ? mutate(copy[k], rnd) : pick();
  } else if (keys.length && r < 0.7) delete copy[keys[Math.floor(rnd() * keys.length)]!];
  else copy[Array.isArray(copy) ? String(keys.length) : `extra${Math.floor(rnd() * 3)}`] = pick();
  return copy;
}

describe('the precompiled chat request validator', () => {
  it('gives the verdicts and errors of the check openapi-backend compiles, on 3,000 varied bodies', () => {
    const now = compiledNow();
    const shipped = chatRequestValidator();
    const rnd = generator(15);
    const keywords = new Set<string>();
    let valid = 0;
    const differences: string[] = [];
    for (let i = 0; i < 3000; i++) {
      let body = bases[i % bases.length];
      for (let m = Math.floor(rnd() * 3); m > 0; m--) body = mutate(body, rnd);
      const a = now({ requestBody: body });
      const errorsNow = JSON.stringify(now.errors);
      const b = shipped({ requestBody: body });
      const errorsShipped = JSON.stringify(shipped.errors);
      if (a) valid++;
      for (const e of now.errors ?? []) keywords.add(e.keyword);
      if (a !== b || errorsNow !== errorsShipped) differences.push(JSON.stringify(body));
    }
    expect(differences.slice(0, 3)).toEqual([]);
    // The corpus is not vacuous: valid bodies and many kinds of defects.
    expect(valid).toBeGreaterThan(100);
    expect(valid).toBeLessThan(2900);
    expect(keywords.size).toBeGreaterThanOrEqual(5);
  });

  it('tells a body the check refuses from one it accepts (it is the real check)', () => {
    const shipped = chatRequestValidator();
    expect(shipped({ requestBody: bases[0] })).toBe(true);
    expect(shipped({ requestBody: { model: 'm', messages: [] } })).toBe(false);
    expect(shipped.errors?.[0]).toMatchObject({ instancePath: '/requestBody/messages', keyword: 'minItems' });
  });
});
