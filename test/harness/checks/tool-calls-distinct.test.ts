import { toolCallsDistinct } from '../../../src/harness/checks/tool-calls-distinct';
import { findingsOf, STRICT } from './service-fixture';
import { fixtureRun, fixtureText, GOOD_FIXTURES } from './stream-fixtures';

describe('tool-calls-distinct check', () => {
  it('fails two parallel calls sent on the same index (Ollama)', () => {
    const findings = findingsOf(toolCallsDistinct.run(fixtureRun('tool-calls-same-index'), STRICT));
    expect(findings).toEqual([
      {
        message:
          'choice 0: a second call (id "call_Zq0CqP8mJe1x5DD6W9NqTbnF") arrives on index 0, already used by "call_DdmO9pD3xa9XTPNJ32zg2hcA": each parallel call needs its own index',
        evidence: [expect.stringContaining('"name":"get_time"')],
        exchange: 'stream',
        event: 3,
        lines: [5],
      },
    ]);
  });

  it('fails argument fragments that interleave between calls', () => {
    const findings = findingsOf(toolCallsDistinct.run(fixtureRun('tool-calls-interleaved'), STRICT));
    expect(findings.map((f) => f.message)).toEqual([
      "choice 0: arguments of tool call 0 arrive after tool call 1 began: the calls' fragments interleave",
    ]);
  });

  it('fails two calls that share one id', () => {
    const body = fixtureText('good-tool-calls').replace(
      'call_Zq0CqP8mJe1x5DD6W9NqTbnF',
      'call_DdmO9pD3xa9XTPNJ32zg2hcA',
    );
    const findings = findingsOf(toolCallsDistinct.run(fixtureRun('good-tool-calls', { body }), STRICT));
    expect(findings.map((f) => f.message)).toEqual([
      'choice 0: tool calls 0 and 1 share the id "call_DdmO9pD3xa9XTPNJ32zg2hcA"',
    ]);
  });

  it('passes two calls streamed one after the other, each on its own index', () => {
    expect(fixtureText('good-tool-calls')).toContain('"index":1,"id"');
    expect(findingsOf(toolCallsDistinct.run(fixtureRun('good-tool-calls'), STRICT))).toEqual([]);
  });

  it.each(GOOD_FIXTURES)('passes the correct baseline %s', (name) => {
    expect(findingsOf(toolCallsDistinct.run(fixtureRun(name), STRICT))).toEqual([]);
  });
});
