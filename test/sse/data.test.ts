import { classifyData, classifyJson, type EventData } from '../../src/sse';

const chunk =
  '{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":null}]}';

describe('classifyData', () => {
  it.each<[string, string, EventData['kind']]>([
    ['the exact terminator', '[DONE]', 'done'],
    ['a chunk', chunk, 'chunk'],
    ['the usage chunk (empty choices)', '{"choices":[],"usage":{"total_tokens":1}}', 'chunk'],
    ['an object tagged as a chunk without choices', '{"object":"chat.completion.chunk"}', 'chunk'],
    [
      'an error frame',
      '{"error":{"message":"boom","type":"server_error","param":null,"code":null}}',
      'error',
    ],
    ['an error frame whose error is a string', '{"error":"boom"}', 'error'],
    ['an error frame that also has choices', '{"error":{"message":"x"},"choices":[]}', 'error'],
    ['a chunk with a null error field', '{"error":null,"choices":[]}', 'chunk'],
    ['a lowercase terminator', '[done]', 'invalid-json'],
    ['a terminator with a trailing space', '[DONE] ', 'invalid-json'],
    ['JSON cut in the middle', '{"choices":[', 'invalid-json'],
    ['an empty payload', '', 'invalid-json'],
    ['a JSON array', '[1,2]', 'other-json'],
    ['a JSON string', '"hi"', 'other-json'],
    ['JSON null', 'null', 'other-json'],
    ['an object that is neither', '{"ping":1}', 'other-json'],
  ])('classifies %s', (_name, data, kind) => {
    expect(classifyData(data).kind).toBe(kind);
  });

  it('keeps the parsed value and the error object', () => {
    const got = classifyData('{"error":{"message":"boom"}}');
    expect(got).toEqual({ kind: 'error', json: { error: { message: 'boom' } }, error: { message: 'boom' } });
    expect(classifyData(chunk)).toEqual({ kind: 'chunk', json: JSON.parse(chunk) });
  });

  it('says why invalid JSON did not parse instead of throwing', () => {
    const got = classifyData('{"a":');
    expect(got.kind).toBe('invalid-json');
    expect(got.kind === 'invalid-json' && got.problem).toMatch(/JSON/);
  });

  it('classifies an already parsed value by the same rules', () => {
    for (const data of [chunk, '{"error":"x"}', '[1]', '{"a":1}']) {
      expect(classifyJson(JSON.parse(data))).toEqual(classifyData(data));
    }
  });

  it('never throws, whatever the data (seeded fragments of chunks, errors and noise)', () => {
    const fragments = [
      '{',
      '}',
      '[',
      ']',
      '"',
      ':',
      ',',
      'null',
      '"error"',
      '"choices"',
      '[DONE]',
      '\\',
      '\uFFFD',
      '1e999',
      ' ',
    ];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const kinds = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const data = Array.from({ length: next() % 12 }, () => fragments[next() % fragments.length]).join('');
      kinds.add(classifyData(data).kind);
    }
    kinds.add(classifyData(`${'['.repeat(200_000)}${']'.repeat(200_000)}`).kind);
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['invalid-json', 'other-json']));
  });
});
