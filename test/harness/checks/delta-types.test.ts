import { deltaProblems, deltaTypes } from '../../../src/harness/checks/delta-types';
import { findingsOf, STRICT } from './service-fixture';
import { fixtureRun, GOOD_FIXTURES } from './stream-fixtures';

describe('delta-types check', () => {
  it('fails a later tool-call fragment that sends id and name as "" (SGLang)', () => {
    const findings = findingsOf(deltaTypes.run(fixtureRun('delta-tool-fragment-blank-id'), STRICT));
    expect(findings).toEqual([
      {
        message:
          'choice 0, tool call 0: a later fragment sends id "", function.name "" instead of leaving the field out',
        evidence: [expect.stringContaining('"id":""')],
        exchange: 'stream',
        event: 3,
        lines: [5],
      },
    ]);
  });

  it('fails an empty role', () => {
    const findings = findingsOf(deltaTypes.run(fixtureRun('role-empty'), STRICT));
    expect(findings[0]?.message).toBe('choice 0: delta.role is ""; when present it must be "assistant"');
  });

  it.each([
    ['role null', { role: null }, 'delta.role is null'],
    ['content as a number', { content: 3 }, 'delta.content is 3, not a string or null'],
    ['content as parts', { content: [{ type: 'text', text: 'hi' }] }, 'delta.content is [{"type":"text"'],
  ])('reports %s', (_name, delta, want) => {
    expect(deltaProblems(delta, 0, new Set())[0]).toContain(want);
  });

  it('accepts a first fragment with id and name, and null content', () => {
    const seen = new Set<unknown>();
    const first = {
      tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } }],
    };
    expect(deltaProblems({ role: 'assistant', content: null, ...first }, 0, seen)).toEqual([]);
    expect(deltaProblems({ tool_calls: [{ index: 0, function: { arguments: '{}' } }] }, 0, seen)).toEqual([]);
  });

  it.each(GOOD_FIXTURES)('passes the correct baseline %s', (name) => {
    expect(findingsOf(deltaTypes.run(fixtureRun(name), STRICT))).toEqual([]);
  });
});
