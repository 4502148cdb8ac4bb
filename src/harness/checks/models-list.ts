import { compileSchema, describeErrors } from '../../contract';
import { excerpt, isJsonResponse, notApplicable, parseJson, statusLine, whenSkipped } from '../judge';
import type { Check, Exchange, Finding } from '../types';

/** Whether an exchange is `GET …/models` (the list, not one model). */
function isModelsList(exchange: Exchange): boolean {
  const path = exchange.request.url.split('?')[0]!.replace(/\/+$/, '');
  return exchange.request.method.toUpperCase() === 'GET' && path.endsWith('/models');
}

/**
 * `GET /models` lists the models, including the one the harness asks for.
 * @see https://platform.openai.com/docs/api-reference/models/list
 */
export const modelsList: Check = {
  id: 'models-list',
  severity: 'must',
  rule: '`GET /models` answers a `list` of models that includes the requested model.',
  offline: false,
  run(run) {
    const skipped = whenSkipped(run);
    if (skipped) return skipped;
    const targets = run.exchanges.filter(isModelsList);
    if (targets.length === 0) return notApplicable('no GET /models in this scenario');
    const findings: Finding[] = [];
    for (const exchange of targets) {
      const response = exchange.response;
      if (!response) {
        findings.push({ message: 'no response arrived', exchange: exchange.label });
        continue;
      }
      const evidence = [statusLine(response), excerpt(response.body)];
      const parsed = parseJson(response.body);
      const validate = compileSchema('ModelList');
      if (response.status !== 200 || !isJsonResponse(response) || !parsed.ok || !validate(parsed.value)) {
        const why = parsed.ok ? describeErrors(validate.errors).join('; ') : parsed.problem;
        findings.push({
          message: `GET /models did not answer a model list${why ? `: ${why}` : ''}`,
          evidence,
          exchange: exchange.label,
        });
        continue;
      }
      const ids = (parsed.value as { data: Array<{ id: string }> }).data.map((m) => m.id);
      const wanted = run.facts?.model;
      if (wanted !== undefined && !ids.includes(wanted)) {
        findings.push({
          message: `the requested model "${wanted}" is not among the listed models (${ids.join(', ') || 'none'})`,
          evidence,
          exchange: exchange.label,
        });
      }
    }
    return { applies: true, findings };
  },
};
