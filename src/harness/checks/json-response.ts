import type { Check, Finding } from '../types';
import {
  completionProblems,
  excerpt,
  isChatRequest,
  notApplicable,
  statusLine,
  whenSkipped,
} from './util-service';

/**
 * `stream: false` gets one `chat.completion` JSON document.
 * @see ../../../openapi.yaml (createChatCompletion, 200 application/json)
 */
export const jsonResponse: Check = {
  id: 'json-response',
  severity: 'must',
  rule: 'A request with `stream: false` gets 200 with an `application/json` body that validates as a `ChatCompletion` (`object: "chat.completion"`).',
  offline: true,
  run(run) {
    const skipped = whenSkipped(run);
    if (skipped) return skipped;
    if (run.intent !== 'success') return notApplicable('only requests meant to succeed are judged');
    const targets = run.exchanges.filter((e) => isChatRequest(e) && e.requestJson?.stream === false);
    if (targets.length === 0) return notApplicable('no request with `stream: false`');
    const findings: Finding[] = [];
    for (const exchange of targets) {
      const response = exchange.response;
      if (!response) {
        findings.push({ message: 'no response arrived', exchange: exchange.label });
        continue;
      }
      const problems = completionProblems(response);
      if (problems.length > 0) {
        findings.push({
          message: `stream: false did not get a chat.completion document: ${problems.join('; ')}`,
          evidence: [statusLine(response), excerpt(response.body)],
          exchange: exchange.label,
        });
      }
    }
    return { applies: true, findings };
  },
};
