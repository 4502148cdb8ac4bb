import { modelEcho, namesModel } from '../../../src/harness/checks/model-echo';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import { chatRequest, findingsOf, fixture, STRICT } from './service-fixture';
import { located } from './stream-fixtures';

describe('model-echo check', () => {
  it.each([
    ['the same name', 'gpt-4o', 'gpt-4o', true],
    ['a dated snapshot', 'gpt-4o', 'gpt-4o-2024-08-06', true],
    ['an older four-digit snapshot', 'gpt-4', 'gpt-4-0613', true],
    ['a different model sharing a prefix', 'gpt-4o', 'gpt-4o-mini', false],
    ['a different model', 'gpt-4o', 'llama-3-8b', false],
    ['a snapshot of another model', 'gpt-4o', 'gpt-4o-mini-2024-07-18', false],
  ])('judges %s', (_name, requested, answered, want) => {
    expect(namesModel(requested, answered)).toBe(want);
  });

  it('passes a stream whose chunks name a dated snapshot of the requested model', () => {
    const body = fixture('conforming-stream.sse').replaceAll(
      '"model":"gpt-4o"',
      '"model":"gpt-4o-2024-08-06"',
    );
    const run = runFromRecordings('basic-stream', 'success', [
      { body, request: chatRequest({ stream: true }) },
    ]);
    expect(findingsOf(modelEcho.run(run, STRICT))).toEqual([]);
  });

  it('fails a JSON completion that names another model', () => {
    const body = fixture('conforming-completion.json').replace('"model":"gpt-4o"', '"model":"gpt-4o-mini"');
    const run = runFromRecordings('non-stream', 'success', [
      { body, request: chatRequest({ stream: false }) },
    ]);
    const findings = findingsOf(modelEcho.run(run, STRICT));
    expect(findings).toHaveLength(1);
    expect(located(findings[0]!)).toMatch(/"gpt-4o".*"gpt-4o-mini"/);
  });

  it('does not apply to failed requests', () => {
    const run = runFromRecordings('unknown-model', 'invalid', [
      { body: fixture('conforming-error-envelope.json'), status: 404, request: chatRequest() },
    ]);
    expect(modelEcho.run(run, STRICT).applies).toBe(false);
  });
});
