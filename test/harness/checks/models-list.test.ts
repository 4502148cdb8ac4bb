import { modelsList } from '../../../src/harness/checks/models-list';
import { runFromRecordings } from '../../../src/harness/record/recorded';
import type { ScenarioRun } from '../../../src/harness/types';
import { findingsOf, STRICT } from './service-fixture';
import { located } from './stream-fixtures';

/** A `models` run whose one exchange is GET /v1/models answered with `body`. */
function modelsRun(body: string, status = 200, model = 'gpt-4o'): ScenarioRun {
  const run = runFromRecordings(
    'models',
    'success',
    [{ body, status, request: {}, headers: { 'content-type': 'application/json' } }],
    { facts: { model } },
  );
  run.exchanges[0]!.request = { method: 'GET', url: 'http://127.0.0.1:8080/v1/models', headers: {} };
  delete run.exchanges[0]!.requestJson;
  return run;
}

const list = (...ids: string[]) =>
  JSON.stringify({
    object: 'list',
    data: ids.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'test' })),
  });

describe('models-list check', () => {
  it('passes a list that includes the requested model', () => {
    expect(findingsOf(modelsList.run(modelsRun(list('gpt-4o', 'gpt-4o-mini')), STRICT))).toEqual([]);
  });

  it.each([
    [
      'a list without the requested model',
      list('llama-3-8b'),
      200,
      /not among the listed models \(llama-3-8b\)/,
    ],
    ['a bare array', JSON.stringify([{ id: 'gpt-4o' }]), 200, /did not answer a model list/],
    [
      'a 404',
      '{"error":{"message":"not found","type":"invalid_request_error","param":null,"code":null}}',
      404,
      /did not answer/,
    ],
  ])('fails %s', (_name, body, status, want) => {
    const findings = findingsOf(modelsList.run(modelsRun(body, status), STRICT));
    expect(findings).toHaveLength(1);
    expect(located(findings[0]!)).toMatch(want);
  });

  it('does not apply without a GET /models', () => {
    const run = runFromRecordings('basic-stream', 'success', [{ body: 'data: [DONE]\n\n' }]);
    expect(modelsList.run(run, STRICT).applies).toBe(false);
  });
});
