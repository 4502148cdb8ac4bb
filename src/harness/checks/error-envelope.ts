import {
  envelopeProblems,
  excerpt,
  isSuccessStatus,
  notApplicable,
  parseJson,
  statusLine,
  whenSkipped,
} from '../judge';
import type { Check, Finding, RecordedResponse } from '../types';

/**
 * Whether the only defect is a numeric `error.code` (vLLM sends the HTTP status there); clients
 * still raise a proper error on it, so the compatible profile tolerates it.
 */
function onlyCodeIsNumeric(response: RecordedResponse): boolean {
  const parsed = parseJson(response.body);
  const error = (parsed.ok ? (parsed.value as { error?: unknown })?.error : undefined) as
    | Record<string, unknown>
    | undefined;
  if (typeof error !== 'object' || error === null || typeof error.code !== 'number') return false;
  const repaired = JSON.stringify({
    ...(parsed.ok ? (parsed.value as object) : {}),
    error: { ...error, code: String(error.code) },
  });
  return envelopeProblems({ ...response, body: repaired }).length === 0;
}

/**
 * Every error response uses the OpenAI envelope, so clients can show what went wrong.
 * @see https://platform.openai.com/docs/guides/error-codes
 */
export const errorEnvelope: Check = {
  id: 'error-envelope',
  severity: 'must',
  rule: 'Every non-2xx response has a JSON content type and a body `{"error":{"message":string,"type":string,"param","code"}}` that validates as `ErrorResponse`.',
  offline: true,
  eventFree: true,
  run(run) {
    const skipped = whenSkipped(run);
    if (skipped) return skipped;
    const findings: Finding[] = [];
    let judged = 0;
    for (const exchange of run.exchanges) {
      const response = exchange.response;
      if (!response || isSuccessStatus(response.status)) continue;
      judged++;
      const problems = envelopeProblems(response);
      if (problems.length === 0) continue;
      const finding: Finding = {
        message: `HTTP ${response.status} without the OpenAI error envelope: ${problems.join('; ')}`,
        evidence: [statusLine(response), excerpt(response.body)],
        exchange: exchange.label,
      };
      if (onlyCodeIsNumeric(response)) finding.relaxed = 'numeric-error-code';
      findings.push(finding);
    }
    if (judged === 0) return notApplicable('no error response in this scenario');
    return { applies: true, findings };
  },
};
