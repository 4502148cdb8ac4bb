import type { CreateChatCompletionRequest } from '../../src/contract';
import { createScriptedBackend } from '../../src/server/backends/scripted';
import { countTokens, cutAtStop, cycleTokens, splitTokens } from '../../src/server/backends/scripted/tokens';
import { type BackendEvent, eventsOf } from '../../src/server/backends/types';
import { MODEL } from './support/exchange';

async function run(body: Partial<CreateChatCompletionRequest> & { content?: string }, signal?: AbortSignal) {
  const backend = createScriptedBackend();
  const { content = 'hello there', ...rest } = body;
  const request = {
    body: { model: MODEL, messages: [{ role: 'user' as const, content }], ...rest },
    sessionKey: 'api:s',
    signal: signal ?? new AbortController().signal,
    requestId: 'r',
  };
  const events: BackendEvent[] = [];
  let error: unknown;
  try {
    for await (const step of backend.complete(request)) events.push(...eventsOf(step));
  } catch (err) {
    error = err;
  }
  const text = events.map((e) => (e.type === 'content' ? e.text : '')).join('');
  const finish = events.find((e) => e.type === 'finish');
  const usage = events.find((e) => e.type === 'usage');
  return { events, text, error, finish: finish?.type === 'finish' ? finish.reason : undefined, usage };
}

describe('scripted tokens', () => {
  it('splits into word tokens that concatenate back exactly', () => {
    expect(splitTokens(' a  bc\td ')).toEqual([' a', '  bc', '\td']);
  });
  it.each([
    [''],
    ['   '],
    ['one'],
    [' a  bc\td '],
    ['x\u00a0y\u2003z\u3000w\ufeffv'],
    ['line\nbreak\r\nand\u2028more\u2029end'],
    ['\u200bzero-width is not a space\u200b'],
    ['emoji 🙂 and 中文 words'],
  ])('counts the tokens of %j as splitTokens makes them', (text) => {
    expect(countTokens(text)).toBe(splitTokens(text).length);
  });
  it('cycles tokens to an exact count with spaces between repeats', () => {
    expect(cycleTokens(['x', ' y'], 5).join('')).toBe('x y x y x');
  });
  it.each([
    ['cuts inside a token', ['ab', ' cd'], ['c'], ['ab', ' ']],
    ['picks the earliest of several', ['one', ' two', ' three'], ['three', 'two'], ['one', ' ']],
    ['leaves text without a match', ['one'], ['zzz'], ['one']],
  ])('stop %s', (_name, tokens, stop, want) => {
    expect(cutAtStop(tokens, stop).tokens).toEqual(want);
  });
});

describe('scripted backend', () => {
  it('echoes the last user message without directives, with session and turn', async () => {
    const r = await run({ content: 'hi [[chat-contract:delay-ms=0]] you' });
    expect(r.text).toBe('[session api:s, turn 1] You said: hi you');
    expect(r.finish).toBe('stop');
  });

  it('counts usage: prompt from the messages, completion from the tokens produced', async () => {
    const r = await run({ content: 'one two three' });
    expect(r.usage).toEqual({
      type: 'usage',
      usage: { prompt_tokens: 6, completion_tokens: 9, total_tokens: 15 },
    });
  });

  it.each([
    ['tokens=N gives exactly N tokens', { content: 'a [[chat-contract:tokens=7]]' }, 7, 'stop'],
    ['tokens=0 gives none', { content: 'a [[chat-contract:tokens=0]]' }, 0, 'stop'],
    ['max_tokens cuts with length', { content: 'a b c d e', max_tokens: 2 }, 2, 'length'],
    ['max_completion_tokens cuts with length', { content: 'a b c d', max_completion_tokens: 4 }, 4, 'length'],
  ])('%s', async (_name, body, count, finish) => {
    const r = await run(body);
    expect(r.events.filter((e) => e.type === 'content')).toHaveLength(count);
    expect(r.finish).toBe(finish);
  });

  it('cuts before a stop string and finishes with stop', async () => {
    const r = await run({ content: 'alpha beta gamma', stop: ['gamma', 'zeta'] });
    expect(r.text).toBe('[session api:s, turn 1] You said: alpha beta ');
    expect(r.text).not.toContain('gamma');
    expect(r.finish).toBe('stop');
  });

  it('ignores a tool directive naming a tool the request does not offer', async () => {
    const r = await run({ content: 'x [[chat-contract:tool=nope]]' });
    expect(r.events.some((e) => e.type === 'tool-call')).toBe(false);
  });

  it('waits delay-ms before each token and stops promptly when aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop now')), 60);
    const started = Date.now();
    const r = await run({ content: 'a b c d e f [[chat-contract:delay-ms=25]]' }, controller.signal);
    expect((r.error as Error).message).toBe('stop now');
    expect(r.events.length).toBeGreaterThan(0);
    expect(r.events.length).toBeLessThan(6);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('hangs on fault=hang until aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('gave up')), 30);
    const r = await run({ content: '[[chat-contract:fault=hang]]' }, controller.signal);
    expect(r.events).toEqual([]);
    expect((r.error as Error).message).toBe('gave up');
  });

  it.each([
    ['before-first-token', 0],
    ['http-500', 0],
    ['mid-stream', 2],
  ])('fails on fault=%s after %i tokens, never finishing', async (fault, tokens) => {
    const r = await run({ content: `x [[chat-contract:fault=${fault}]]` });
    expect(r.error).toBeInstanceOf(Error);
    expect(r.events.filter((e) => e.type === 'content')).toHaveLength(tokens);
    expect(r.finish).toBeUndefined();
    expect(r.usage).toBeUndefined();
  });
});

describe('scripted batches', () => {
  it('yields ready tokens together, in bounded batches, with the same events in order', async () => {
    const backend = createScriptedBackend();
    const request = {
      body: {
        model: MODEL,
        messages: [{ role: 'user' as const, content: 'w [[chat-contract:tokens=200]]' }],
      },
      sessionKey: 'api:batches',
      signal: new AbortController().signal,
      requestId: 'r',
    };
    const sizes: number[] = [];
    const events: BackendEvent[] = [];
    for await (const step of backend.complete(request)) {
      sizes.push(eventsOf(step).length);
      events.push(...eventsOf(step));
    }
    expect(events.filter((e) => e.type === 'content')).toHaveLength(200);
    expect(events.at(-2)?.type).toBe('finish');
    expect(events.at(-1)?.type).toBe('usage');
    expect(sizes.length).toBeLessThan(10);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(64);
  });
});

/** Events with the prompt count left out: the paced prompt holds one more word (its directive). */
function comparable(events: BackendEvent[]): unknown[] {
  return events.map((e) =>
    e.type === 'usage' ? { type: 'usage', completion: e.usage.completion_tokens } : e,
  );
}

describe('paced scripted replies (delay-ms)', () => {
  /** The same request with and without pacing; the paced one waits 1 ms per token. */
  const pair = (directives: string, extra: Partial<CreateChatCompletionRequest> = {}) =>
    Promise.all([
      run({ content: `one two three four ${directives}`, ...extra }),
      run({ content: `one two three four ${directives} [[chat-contract:delay-ms=1]]`, ...extra }),
    ]);

  it.each([
    ['a plain reply', ''],
    ['a fixed token count', '[[chat-contract:tokens=7]]'],
    ['a mid-stream fault', '[[chat-contract:fault=mid-stream]] [[chat-contract:after=3]]'],
    ['a fault after the last token', '[[chat-contract:fault=error-frame]] [[chat-contract:after=99]]'],
    ['a fault before any token', '[[chat-contract:fault=mid-stream]] [[chat-contract:after=0]]'],
  ])('yields the same events and error for %s as the unpaced reply', async (_name, directives) => {
    const [unpaced, paced] = await pair(directives);
    expect(comparable(paced.events)).toEqual(comparable(unpaced.events));
    expect(String(paced.error)).toBe(String(unpaced.error));
  });

  it('yields the same events for two choices and for a max_tokens cut', async () => {
    for (const extra of [{ n: 2 }, { max_tokens: 2 }]) {
      const [unpaced, paced] = await pair('', extra);
      expect(comparable(paced.events)).toEqual(comparable(unpaced.events));
      expect(paced.error).toBeUndefined();
    }
  });

  it('lets go of the abort signal once it ended', async () => {
    const controller = new AbortController();
    const r = await run({ content: 'a b [[chat-contract:delay-ms=1]]' }, controller.signal);
    expect(r.finish).toBe('stop');
    // A listener left behind would reject a read that no longer exists; aborting now is harmless.
    expect(() => controller.abort(new Error('late'))).not.toThrow();
  });
});
