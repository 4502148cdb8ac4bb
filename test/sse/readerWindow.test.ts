import { type SseEvent, SseReader } from '../../src/sse';

describe('SseReader without keeping events', () => {
  it('hands events to onEvent and keeps none, numbering them as usual', () => {
    const seen: SseEvent[] = [];
    const reader = new SseReader({ keepLines: false, keepEvents: false, onEvent: (e) => seen.push(e) });
    reader.push('data: a\n\ndata: b\n\n');
    const transcript = reader.end();
    expect(transcript.events).toHaveLength(0);
    expect(seen.map((e) => [e.index, e.data])).toEqual([
      [0, 'a'],
      [1, 'b'],
    ]);
    expect(reader.linesRead).toBe(4);
  });
});

describe('SseReader window of recent lines', () => {
  it('quotes the event being dispatched (a comment before it is not part of it), whatever keepLines says', () => {
    const quoted: string[][] = [];
    const reader = new SseReader({
      keepLines: false,
      window: 4,
      onEvent: (e) => quoted.push(reader.recentLines(e.firstLine, e.lastLine)),
    });
    reader.push('event: x\ndata: 1\n\n: note\ndata:2\r\n\r\n');
    reader.end();
    expect(quoted).toEqual([['event: x', 'data: 1'], ['data:2']]);
  });

  it('leaves out lines that have left the window', () => {
    const reader = new SseReader({ keepLines: false, window: 2 });
    reader.push('data: 1\n\ndata: 2\n\n');
    expect(reader.recentLines(0, 3)).toEqual(['data: 2', '']);
  });

  it('counts the non-blank lines after the last event and points at the first', () => {
    const reader = new SseReader({ keepLines: false, window: 8 });
    reader.push('data: [DONE]\n\n: one\n\nstray\n');
    reader.end();
    expect(reader.linesAfterLastEvent()).toEqual({ count: 2, first: 2 });
  });
});
