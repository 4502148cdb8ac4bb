import { pickEntry, type ReplayEntry, type ReplaySource } from '../../src/fake-upstream';

function entry(scenario: string, text: string, stream = true): ReplayEntry {
  return {
    scenario,
    label: 'stream',
    request: { model: 'm', messages: [{ role: 'user', content: text }], stream },
    status: 200,
    headers: {},
    body: `${scenario}:${text}`,
  };
}

const source: ReplaySource = {
  entries: [entry('basic-stream', 'hello'), entry('non-stream', 'hello', false), entry('tools', 'weather')],
};
const ask = (text: string, stream = true) => ({
  model: 'other',
  messages: [{ role: 'user', content: text }],
  stream,
});

describe('replay matching', () => {
  it('prefers the scenario the header names', () => {
    expect(pickEntry(source, new Set(), ask('hello'), 'tools')?.scenario).toBe('tools');
  });

  it('else picks the recording of the same conversation and stream flag, whatever the model', () => {
    const used = new Set<number>();
    expect(pickEntry(source, used, ask('weather'))?.scenario).toBe('tools');
    expect(pickEntry(source, used, ask('hello', false))?.scenario).toBe('non-stream');
  });

  it('else answers in recorded order, and starts over when all are used', () => {
    const used = new Set<number>();
    const order = [1, 2, 3, 4].map(() => pickEntry(source, used, ask('unrecorded'))?.scenario);
    expect(order).toEqual(['basic-stream', 'non-stream', 'tools', 'basic-stream']);
  });
});
