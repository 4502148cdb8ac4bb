import { createParser } from 'eventsource-parser';
import {
  DONE_EVENT,
  encodeData,
  encodeJson,
  LineSplitter,
  rawLines,
  readSse,
  SseReader,
} from '../../src/sse';

const enc = new TextEncoder();

/** Feeds `bytes` to a reader split at every position in `cuts`. */
function readSplit(bytes: Uint8Array, cuts: number[]) {
  const reader = new SseReader();
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    reader.push(bytes.subarray(start, cut));
    start = cut;
  }
  return reader.end();
}

describe('LineSplitter', () => {
  it.each([
    ['LF', 'a\nb\n', ['a', 'b']],
    ['CRLF', 'a\r\nb\r\n', ['a', 'b']],
    ['CR', 'a\rb\r', ['a', 'b']],
    ['an unterminated last line', 'a\nb', ['a', 'b']],
    ['mixed terminators', 'a\rb\nc\r\nd\n\re', ['a', 'b', 'c', 'd', '', 'e']],
  ])('splits %s', (_name, text, want) => {
    const s = new LineSplitter();
    const lines = [...s.push(text), ...s.end()];
    expect(lines.map((l) => l.text)).toEqual(want);
  });

  it('decodes bytes as one streaming TextDecoder would, wherever the chunks are cut', () => {
    const samples = [
      [0xef, 0xbb, 0xbf, ...enc.encode('data: héllo ✓ 😀\n')],
      [...enc.encode('a😀b\n'), 0xff, 0xc3, 0x28, 0xe2, 0x82, 0x0a, 0xf0, 0x9f, 0x98],
      [...enc.encode('x\n'), 0xef, 0xbb, 0xbf, ...enc.encode('y\n')],
    ].map((b) => Uint8Array.from(b));
    for (const bytes of samples) {
      const want = new TextDecoder().decode(bytes);
      for (let a = 0; a <= bytes.length; a++) {
        for (let b = a; b <= bytes.length; b++) {
          const s = new LineSplitter();
          const lines = [
            ...s.push(bytes.subarray(0, a)),
            ...s.push(bytes.subarray(a, b)),
            ...s.push(bytes.subarray(b)),
            ...s.end(),
          ];
          expect(lines.map((l) => l.text + l.terminator).join('')).toBe(want);
        }
      }
    }
  });

  it('keeps CRLF one terminator when CR and LF arrive in different chunks', () => {
    const s = new LineSplitter();
    const lines = [...s.push('a\r'), ...s.push('\nb\n'), ...s.end()];
    expect(lines.map((l) => [l.text, l.terminator])).toEqual([
      ['a', '\r\n'],
      ['b', '\n'],
    ]);
  });
});

describe('SseReader', () => {
  const stream = `${encodeJson({ content: 'héllo wörld ✓' })}${encodeData('second')}${DONE_EVENT}`;
  const bytes = enc.encode(stream);

  it('reads the same events whatever the chunk boundaries (mid UTF-8, between CR and LF)', () => {
    const whole = readSse(bytes);
    expect(whole.events.map((e) => e.data)).toEqual([
      JSON.stringify({ content: 'héllo wörld ✓' }),
      'second',
      '[DONE]',
    ]);
    for (let cut = 1; cut < bytes.length; cut++) {
      const t = readSplit(bytes, [cut]);
      expect(t.events.map((e) => e.data)).toEqual(whole.events.map((e) => e.data));
      expect(t.issues).toEqual([]);
    }
    const crlf = enc.encode(stream.replace(/\n/g, '\r\n'));
    for (let cut = 1; cut < crlf.length; cut += 3) {
      expect(readSplit(crlf, [cut]).events.map((e) => e.data)).toEqual(whole.events.map((e) => e.data));
    }
  });

  it('keeps raw line numbers for each event', () => {
    const t = readSse('data: a\n\n: keepalive\n\ndata: b\ndata: c\n\n');
    expect(t.events.map((e) => [e.data, e.firstLine, e.lastLine])).toEqual([
      ['a', 0, 0],
      ['b\nc', 4, 5],
    ]);
    expect(t.comments).toBe(1);
  });

  it('reports a non-SSE line like `error: {...}` and keeps reading', () => {
    const t = readSse('data: a\n\nerror: {"message":"boom"}\n\ndata: [DONE]\n\n');
    expect(t.issues).toEqual([expect.objectContaining({ kind: 'unknown-field', line: 2 })]);
    expect(t.events.map((e) => e.data)).toEqual(['a', '[DONE]']);
  });

  it('keeps a last event that lacks its blank line, marked unterminated', () => {
    const t = readSse('data: a\n\ndata: [DONE]\n');
    expect(t.events.at(-1)).toMatchObject({ data: '[DONE]', terminated: false });
    expect(t.events[0]?.terminated).toBe(true);
    expect(t.issues).toEqual([expect.objectContaining({ kind: 'unterminated-event', line: 2 })]);
  });

  it('stamps events with the time of the chunk that completed them', () => {
    const r = new SseReader();
    r.push('data: a\n', 5);
    r.push('\n', 9);
    r.push('data: b\n\n', 20);
    expect(r.end().events.map((e) => e.at)).toEqual([9, 20]);
  });
});

describe('SseReader field interpretation', () => {
  /** What eventsource-parser, the parser the official SDKs' behaviour is checked against, reads. */
  function reference(text: string) {
    const events: Array<{ data: string; event?: string; id?: string }> = [];
    const errors: string[] = [];
    const parser = createParser({
      onEvent: (m) =>
        events.push({ data: m.data, ...(m.event ? { event: m.event } : {}), ...(m.id ? { id: m.id } : {}) }),
      onError: (e) => errors.push(`${e.type}: ${e.message}`),
    });
    parser.feed(text);
    return { events, errors };
  }

  it.each([
    ['data with and without a space', 'data:a\ndata: b\ndata:  c\n\n'],
    ['a bare data field', 'data\n\ndata: x\ndata\n\n'],
    ['named events and ids', 'event: delta\nid: 7\ndata: x\n\nevent:\ndata: y\n\n'],
    ['an id holding NUL', 'id: a\u0000b\ndata: x\n\n'],
    ['retry values', 'retry: 100\ndata: x\n\nretry: soon\ndata: y\n\n'],
    ['unknown fields', 'error: {"message":"boom"}\n\nanextremelylongfieldnamehere: v\ndata: x\n\n'],
    ['comments and blank runs', ': ping\n\n\n\ndata: x\n\n:\n\n'],
    ['events without data', 'event: ping\n\nid: 3\n\ndata: x\n\n'],
    ['CRLF lines', 'data: a\r\ndata: b\r\n\r\n'],
    ['one-line events next to longer blocks', 'data: a\n\ndata: b\nid: 2\n\ndata:c\n\ndata: d\nevent: e\n\n'],
    ['a data line then a comment in one block', 'data: a\n: note\n\ndata: b\n\n'],
    ['an id that does not carry over to the next event', 'id: 1\n\ndata: x\n\nid: 2\ndata: y\n\ndata: z\n\n'],
    ['a data line after other fields', 'event: e\ndata: x\n\nretry: 5\ndata: y\n\n'],
  ])('reads %s as eventsource-parser does', (_name, text) => {
    const want = reference(text);
    const got = readSse(text);
    expect(
      got.events.map((e) => ({
        data: e.data,
        ...(e.event ? { event: e.event } : {}),
        ...(e.id ? { id: e.id } : {}),
      })),
    ).toEqual(want.events);
    expect(got.issues.map((i) => `${i.kind}: ${i.message}`)).toEqual(want.errors);
  });

  it('reads generated streams of every line kind, fed in pieces, as eventsource-parser does', () => {
    const kinds = [
      'data: {"a":1}',
      'data:x',
      'data',
      'data: ',
      'id: 9',
      'event: e',
      'retry: 5',
      ': c',
      'f: v',
      '',
    ];
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 48271) % 2147483647;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const lines = Array.from({ length: 1 + next(12) }, () => kinds[next(kinds.length)]!);
      const text = `${lines.join('\n')}${next(2) ? '\n\n' : ''}`;
      const reader = new SseReader();
      for (let i = 0; i < text.length; i += 3) reader.push(text.slice(i, i + 3));
      const got = reader.end();
      // The reference needs the final blank line the reader supplies at the end of the stream.
      const want = reference(`${text}\n\n`);
      const shown = got.events.map((e) => ({
        data: e.data,
        ...(e.event ? { event: e.event } : {}),
        ...(e.id ? { id: e.id } : {}),
      }));
      expect({ text, events: shown }).toEqual({ text, events: want.events });
    }
  });

  it('reports to onOtherLine every line but those of blocks that are exactly one data line', () => {
    const other: Array<[number, string]> = [];
    const reader = new SseReader({ onOtherLine: (l) => other.push([l.index, l.text]) });
    reader.push('data: a\n\n: ping\n\nid: 1\n\ndata: b\nid: 2\n\ndata: c\n\nevent: e\ndata: d\n\ndata: e');
    reader.end();
    expect(other).toEqual([
      [2, ': ping'],
      [3, ''],
      [4, 'id: 1'],
      [5, ''],
      [6, 'data: b'],
      [7, 'id: 2'],
      [8, ''],
      [11, 'event: e'],
      [12, 'data: d'],
      [13, ''],
      [14, 'data: e'],
    ]);
  });

  it('drops a byte order mark opening a stream given as text, as one given as bytes', () => {
    expect(readSse('\uFEFFdata: x\n\n').events.map((e) => e.data)).toEqual(['x']);
    expect(readSse(enc.encode('\uFEFFdata: x\n\n')).events.map((e) => e.data)).toEqual(['x']);
  });
});

describe("SseReader keepLines: 'unusual'", () => {
  function read(text: string, keepLines: boolean | 'unusual') {
    const r = new SseReader({ keepLines });
    r.push(text);
    return r.end();
  }

  it.each([
    ['ordinary data events', 'data: a\n\ndata: {"x":1}\n\ndata: [DONE]\n\n'],
    ['multi-line events, names and ids', 'event: e\ndata: a\ndata: b\n\nid: 1\ndata: c\n\n'],
    ['data without a space and CRLF lines', 'data:a\n\ndata: b\r\n\r\ndata: c\n\n'],
    ['comments, stray lines and blank runs', ': ping\n\n\n\nerror: boom\n\ndata: x\n\n: bye\n'],
    ['an unterminated last event', 'data: a\n\ndata: [DONE]'],
  ])('rebuilds the raw lines of %s exactly', (_name, text) => {
    const all = read(text, true);
    const some = read(text, 'unusual');
    const count = all.lines.length;
    expect(some.events).toEqual(all.events);
    expect(rawLines(some, 0, count - 1)).toEqual(all.lines.map((l) => l.text));
    for (const e of all.events) {
      expect(rawLines(some, e.firstLine, e.lastLine)).toEqual(rawLines(all, e.firstLine, e.lastLine));
    }
  });

  it('keeps none of the lines of an ordinary stream', () => {
    const t = read('data: a\n\ndata: b\n\ndata: [DONE]\n\n', 'unusual');
    expect(t.lines).toEqual([]);
    expect(t.lineCount).toBe(6);
  });
});

describe('SseReader listeners', () => {
  it('reports each raw line before the event it completes, and each issue as it is found', () => {
    const seen: string[] = [];
    const reader = new SseReader({
      keepLines: false,
      keepEvents: false,
      onLine: (l) => seen.push(`line ${l.index} ${JSON.stringify(l.text)}`),
      onEvent: (e) => seen.push(`event ${e.index} ${e.data}`),
      onIssue: (i) => seen.push(`issue ${i.kind} ${i.line}`),
    });
    reader.push('data: a\n\nbogus: x\ndata: b\n\ndata: c');
    const t = reader.end();
    expect(seen).toEqual([
      'line 0 "data: a"',
      'line 1 ""',
      'event 0 a',
      'line 2 "bogus: x"',
      'issue unknown-field 2',
      'line 3 "data: b"',
      'line 4 ""',
      'event 1 b',
      'line 5 "data: c"',
      'issue unterminated-event 5',
      'event 2 c',
    ]);
    // Nothing was kept, but the issues are still in the transcript.
    expect(t.lines).toEqual([]);
    expect(t.events).toEqual([]);
    expect(t.issues.map((i) => i.kind)).toEqual(['unknown-field', 'unterminated-event']);
  });
});
