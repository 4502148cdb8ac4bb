import { decodeEvents, eventLines, firstChunk } from '../../src/harness/decode/decode';
import { readSse } from '../../src/sse';

const head =
  '{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":';
const tail = ',"finish_reason":null}]}';
const chunk = (delta: string, end = tail, start = head) => `${start}${delta}${end}`;

/** A stream whose first chunk sets the template the rest are read against. */
function streamOf(datas: string[]): string {
  return [chunk('{"role":"assistant"}'), ...datas].map((d) => `data: ${d}\n\n`).join('');
}

describe('decodeEvents', () => {
  it.each([
    ['a chunk differing only in its delta', chunk('{"content":"hi"}')],
    ['a delta with whitespace around it', chunk(' {"content":"hi"} ')],
    ['a delta that is not an object', chunk('null')],
    ['another id', chunk('{"content":"hi"}', tail, head.replace('chatcmpl-1', 'chatcmpl-2'))],
    ['a finish reason', chunk('{}', ',"finish_reason":"stop"}]}')],
    ['text between prefix and suffix that is not one value', chunk('1},"extra":{"a":2')],
    ['a second choice smuggled into the delta', chunk('{}},{"index":1,"delta":{}')],
    ['a duplicate key after the delta', chunk('{}', ',"finish_reason":null,"delta":{"content":"x"}}]}')],
    ['invalid JSON in the delta', chunk('{"content":')],
    ['an error frame', '{"error":{"message":"boom"}}'],
  ])('decodes %s exactly as JSON.parse does', (_name, data) => {
    const events = decodeEvents(readSse(streamOf([chunk('{"content":"a"}'), data])));
    const last = events.at(-1)!;
    let want: unknown;
    try {
      want = JSON.parse(data);
    } catch {
      expect(last.kind).toBe('invalid-json');
      return;
    }
    expect(last.kind).toBe(data.startsWith('{"error"') ? 'error' : 'chunk');
    expect('json' in last && last.json).toEqual(want);
  });

  it('decodes a transcript once, however many callers ask', () => {
    const t = readSse(streamOf([chunk('{"content":"a"}')]));
    expect(decodeEvents(t)).toBe(decodeEvents(t));
    expect(decodeEvents(t)[0]).toBe(firstChunk(t));
  });

  it('decodes events appended since the last call', () => {
    const t = readSse(streamOf([]));
    expect(decodeEvents(t)).toHaveLength(1);
    t.events.push({ ...t.events[0]!, index: 1, data: '[DONE]' });
    expect(decodeEvents(t).map((e) => e.kind)).toEqual(['chunk', 'done']);
  });

  it('quotes the raw lines of an event as evidence', () => {
    const t = readSse('data: {"choices":[]}\n\n');
    expect(eventLines(t, decodeEvents(t)[0]!.event)).toEqual(['data: {"choices":[]}']);
  });
});
