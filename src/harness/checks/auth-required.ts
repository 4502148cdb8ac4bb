import { envelopeProblems, excerpt, notApplicable, statusLine, whenSkipped } from '../judge';
import type { Check, Finding } from '../types';

/** Why the auth check judged nothing: the user did not declare that the target enforces a key. */
export const AUTH_NOT_EXPECTED = 'not asked for: pass --expect-auth if the server enforces an API key';

/** The exchanges of the auth scenario: one without a key, one with a wrong key. */
const AUTH_CASES = new Set(['missing-key', 'invalid-key']);

/**
 * A server configured with a key refuses requests without it, the OpenAI way.
 * @see https://platform.openai.com/docs/api-reference/authentication
 */
export const authRequired: Check = {
  id: 'auth-required',
  severity: 'must',
  rule: 'When the server has an API key, a missing or invalid key gets 401 with the error envelope.',
  offline: false,
  run(run) {
    const skipped = whenSkipped(run);
    if (skipped) return skipped;
    if (!run.facts?.authExpected) return notApplicable(AUTH_NOT_EXPECTED);
    const targets = run.exchanges.filter((e) => AUTH_CASES.has(e.label));
    if (targets.length === 0) return notApplicable('no request without a valid key in this scenario');
    const findings: Finding[] = [];
    for (const exchange of targets) {
      const response = exchange.response;
      if (!response) {
        findings.push({ message: `${exchange.label}: no response arrived`, exchange: exchange.label });
        continue;
      }
      const evidence = [statusLine(response), excerpt(response.body)];
      if (response.status !== 401) {
        findings.push({
          message: `${exchange.label}: got ${response.status}, want 401`,
          evidence,
          exchange: exchange.label,
        });
        continue;
      }
      const problems = envelopeProblems(response);
      if (problems.length > 0) {
        findings.push({
          message: `${exchange.label}: 401 without the error envelope: ${problems.join('; ')}`,
          evidence,
          exchange: exchange.label,
        });
      }
    }
    return { applies: true, findings };
  },
};
