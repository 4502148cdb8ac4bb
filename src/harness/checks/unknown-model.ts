import { envelopeProblems, excerpt, notApplicable, statusLine, whenSkipped } from '../judge';
import type { Check, Finding } from '../types';

/**
 * An unknown model is a client mistake that names what is missing: 404 (as OpenAI) or 400, in the
 * error envelope. The code `model_not_found` is preferred but not required.
 * @see https://platform.openai.com/docs/guides/error-codes
 */
export const unknownModel: Check = {
  id: 'unknown-model',
  severity: 'should',
  rule: 'A request for an unknown model gets 404 (or 400) with the error envelope, code `model_not_found` preferred.',
  offline: false,
  run(run) {
    const skipped = whenSkipped(run);
    if (skipped) return skipped;
    if (run.scenario !== 'unknown-model')
      return notApplicable('only the unknown-model scenario asks for one');
    const findings: Finding[] = [];
    for (const exchange of run.exchanges) {
      const response = exchange.response;
      if (!response) {
        findings.push({ message: 'no response arrived', exchange: exchange.label });
        continue;
      }
      const evidence = [statusLine(response), excerpt(response.body)];
      if (response.status !== 404 && response.status !== 400) {
        findings.push({
          message: `an unknown model got ${response.status}, want 404 (or 400)`,
          evidence,
          exchange: exchange.label,
        });
        continue;
      }
      const problems = envelopeProblems(response);
      if (problems.length > 0) {
        findings.push({
          message: `an unknown model got ${response.status} without the error envelope: ${problems.join('; ')}`,
          evidence,
          exchange: exchange.label,
        });
      }
    }
    return { applies: true, findings };
  },
};
