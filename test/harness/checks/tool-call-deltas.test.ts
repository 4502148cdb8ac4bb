import { toolCallDeltas } from '../../../src/harness/checks/tool-call-deltas';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import { fixtureRun, located, REQUESTS } from './stream-fixtures';

const ctx = { profile: 'strict' as const };

function messages(name: string) {
  const outcome = toolCallDeltas.run(fixtureRun(name), ctx);
  if (!outcome.applies) throw new Error('expected the check to apply');
  return outcome.findings.map((f) => located(f));
}

function streamOf(deltas: string[], finish: string) {
  const chunk = (delta: string, reason: string | null) =>
    `data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":${delta},"finish_reason":${JSON.stringify(reason)}}]}\n\n`;
  return [...deltas.map((d) => chunk(d, null)), chunk('{}', finish), 'data: [DONE]\n\n'].join('');
}

describe('tool-call-deltas check', () => {
  it.each([
    [
      'tool-delta-without-index',
      [
        'event 3: choice 0: tool_calls entry without an integer index (absent)',
        'event 4: choice 0: tool_calls entry without an integer index (absent)',
      ],
    ],
    [
      'tool-first-fragment-without-id',
      ['event 2: choice 0: the first fragment of tool call 0 lacks id, type "function", function.name'],
    ],
    ['tool-finish-stop', ['choice 0 made tool calls but finished with "stop", not "tool_calls"']],
    ['tool-arguments-not-json', ['choice 0, tool call 0 ("get_weather"): arguments are not JSON']],
  ])('fails %s', (name, want) => {
    expect(messages(name)).toEqual(want);
  });

  it('quotes the concatenated arguments that are not JSON', () => {
    const outcome = toolCallDeltas.run(fixtureRun('tool-arguments-not-json'), ctx);
    expect(outcome.applies && outcome.findings[0]?.evidence).toEqual(['{"city":"Paris"']);
  });

  it('fails a later fragment that renames the call', () => {
    const body = streamOf(
      [
        '{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"a","arguments":""}}]}',
        '{"tool_calls":[{"index":0,"id":"call_2","function":{"name":"b","arguments":"{}"}}]}',
      ],
      'tool_calls',
    );
    const outcome = toolCallDeltas.run(
      runFromRecordings('rename', 'success', [{ body, request: REQUESTS.tools }]),
      ctx,
    );
    expect(outcome.applies && outcome.findings.map((f) => located(f))).toEqual([
      'event 2: choice 0: tool call 0 changes id from "call_1" to "call_2"',
      'event 2: choice 0: tool call 0 changes name from "a" to "b"',
    ]);
  });

  it('does not expect complete arguments when the call was cut by the length limit', () => {
    const body = streamOf(
      [
        '{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"a","arguments":"{\\"x"}}]}',
      ],
      'length',
    );
    const outcome = toolCallDeltas.run(
      runFromRecordings('cut', 'success', [{ body, request: REQUESTS.tools }]),
      ctx,
    );
    expect(outcome).toEqual({ applies: true, findings: [] });
  });
});
