import { argumentsProblem, toolArgsJson } from '../../../src/harness/checks/tool-args-json';
import { findingsOf, STRICT } from './service-fixture';
import { fixtureRun, fixtureText, GOOD_FIXTURES } from './stream-fixtures';

describe('tool-args-json check', () => {
  it('fails tool arguments sent as an object instead of a string', () => {
    const findings = findingsOf(toolArgsJson.run(fixtureRun('tool-args-object'), STRICT));
    expect(findings).toEqual([
      {
        message: 'choice 0, tool call 0: arguments sent as an object, not as a string of JSON text',
        evidence: [expect.stringContaining('"arguments":{"city":"Paris"}')],
        exchange: 'stream',
        event: 2,
        lines: [3],
      },
    ]);
  });

  it('fails arguments re-sent as growing snapshots (gateways)', () => {
    const findings = findingsOf(toolArgsJson.run(fixtureRun('tool-args-snapshots'), STRICT));
    expect(findings.map((f) => f.message)).toEqual([
      'choice 0, tool call 0: fragment 2 repeats the 7 characters sent so far: the arguments were re-sent as growing snapshots, not as increments',
    ]);
  });

  it.each([
    ['one value in pieces', ['{"city"', ':"Paris"}'], undefined],
    ['an empty object', ['{}'], undefined],
    ['trailing text', ['{"a":1}', ' done'], 'one JSON value followed by " done"'],
    ['two values', ['{"a":1}', '{"b":2}'], 'one JSON value followed by "{\\"b\\":2}"'],
    ['broken text', ['{"a":'], 'the joined arguments are not JSON'],
    ['nothing at all', [''], 'the joined arguments are not JSON'],
  ])('judges %s', (_name, fragments, want) => {
    const problem = argumentsProblem(fragments);
    if (want === undefined) expect(problem).toBeUndefined();
    else expect(problem).toContain(want);
  });

  it('does not judge arguments the token cap cut', () => {
    const body = fixtureText('tool-args-snapshots').replace(
      '"finish_reason":"tool_calls"',
      '"finish_reason":"length"',
    );
    expect(findingsOf(toolArgsJson.run(fixtureRun('tool-args-snapshots', { body }), STRICT))).toEqual([]);
  });

  it.each(GOOD_FIXTURES)('passes the correct baseline %s', (name) => {
    expect(findingsOf(toolArgsJson.run(fixtureRun(name), STRICT))).toEqual([]);
  });
});
