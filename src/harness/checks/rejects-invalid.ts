import { excerpt, notApplicable, statusLine, whenSkipped } from '../judge';
import type { Check, Finding } from '../types';

/**
 * Invalid requests are the client's fault: 4xx, never a success and never a server error.
 * @see https://platform.openai.com/docs/guides/error-codes
 */
export const rejectsInvalid: Check = {
  id: 'rejects-invalid',
  severity: 'must',
  rule: 'Each invalid request gets a 4xx status, never 2xx (accepted) or 5xx (crashed).',
  offline: false,
  run(run) {
    const skipped = whenSkipped(run);
    if (skipped) return skipped;
    if (run.intent !== 'invalid') return notApplicable('no invalid request in this scenario');
    const findings: Finding[] = [];
    for (const exchange of run.exchanges) {
      const response = exchange.response;
      if (!response) {
        findings.push({ message: `case ${exchange.label}: no response arrived`, exchange: exchange.label });
        continue;
      }
      if (response.status >= 400 && response.status < 500) continue;
      const what = response.status >= 500 ? 'a server error' : 'no rejection';
      findings.push({
        message: `case ${exchange.label}: got ${response.status} (${what}), want 4xx`,
        evidence: [
          statusLine(response),
          ...(exchange.request.body ? [`request: ${excerpt(exchange.request.body, 200)}`] : []),
          excerpt(response.body),
        ],
        exchange: exchange.label,
      });
    }
    return { applies: true, findings };
  },
};
