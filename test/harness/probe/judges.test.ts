import { entryProblem } from '../../../src/harness/probe/logprobs';
import { judgeJson } from '../../../src/harness/probe/responseFormat';
import { judgeStop, stopWordFrom } from '../../../src/harness/probe/stop';
import { judgeCap } from '../../../src/harness/probe/tokenCaps';
import { judgeCalls } from '../../../src/harness/probe/toolChoice';

describe('probe judgements', () => {
  it.each([
    ['within the cap, cut', 5, 'length', 'honoured'],
    ['over the cap', 40, 'stop', 'ignored'],
    ['over the cap even if it says length', 9, 'length', 'ignored'],
    ['ended by itself within the cap', 3, 'stop', 'inconclusive'],
    ['no usage to count by', undefined, 'length', 'inconclusive'],
  ])('judges a token cap: %s', (_name, tokens, finish, want) => {
    expect(judgeCap('max_tokens', 5, tokens, finish, 'text').verdict).toBe(want);
  });

  it('picks a stop word from the second half of a reply, once there', () => {
    expect(stopWordFrom('alpha bravo charlie delta echo foxtrot')).toBe('delta');
    expect(stopWordFrom('hi')).toBeUndefined();
  });

  it.each([
    ['cut before the stop word', 'a b c', 'c', 'a b ', 'honoured'],
    ['the stop word still there', 'a b c', 'c', 'a b c', 'ignored'],
    ['a different reply', 'one two three', 'three', 'four five', 'inconclusive'],
  ])('judges stop: %s', (_name, baseline, stop, stopped, want) => {
    expect(judgeStop(baseline, stopped, stop).verdict).toBe(want);
  });

  it.each([
    ['a JSON object', '{"a":1}', false, 'honoured'],
    ['prose', 'Hello!', false, 'ignored'],
    ['a JSON array', '[1]', false, 'ignored'],
    ['an instance of the schema', '{"answer":"yes","confidence":0.9}', true, 'honoured'],
    ['JSON missing a required field', '{"answer":"yes"}', true, 'ignored'],
  ])('judges a response format: %s', (_name, content, schema, want) => {
    expect(judgeJson('response_format', content, schema).verdict).toBe(want);
  });

  it('judges tool calls, named or not', () => {
    expect(judgeCalls('required', ['get_weather']).verdict).toBe('honoured');
    expect(judgeCalls('required', []).verdict).toBe('ignored');
    expect(judgeCalls('named', ['get_weather'], 'get_time').verdict).toBe('ignored');
  });

  it('finds malformed log probabilities', () => {
    const good = {
      token: 'a',
      logprob: -0.1,
      top_logprobs: [
        { token: 'a', logprob: -0.1 },
        { token: 'b', logprob: -2 },
      ],
    };
    expect(entryProblem(good, 2)).toBeUndefined();
    expect(entryProblem({ ...good, logprob: 0.5 }, 2)).toBe('an entry has no logprob ≤ 0');
    expect(entryProblem({ ...good, top_logprobs: [] }, 2)).toBe('an entry has 0 top_logprobs, not 2');
  });
});
