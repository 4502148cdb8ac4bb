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
 * `stream` defaults to false: a request without it gets JSON, not an event stream.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream
 */
export const streamDefaultFalse: Check = {
  id: 'stream-default-false',
  severity: 'must',
  rule: 'A request without `stream` gets a JSON `chat.completion`, not an event stream.',
  offline: true,
  run(run) {
    const skipped = whenSkipped(run);
    if (skipped) return skipped;
    if (run.intent !== 'success') return notApplicable('only requests meant to succeed are judged');
    const targets = run.exchanges.filter((e) => isChatRequest(e) && !('stream' in (e.requestJson ?? {})));
    if (targets.length === 0) return notApplicable('every request set `stream` explicitly');
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
          message: `a request without \`stream\` did not get a chat.completion document: ${problems.join('; ')}`,
          evidence: [statusLine(response), excerpt(response.body)],
          exchange: exchange.label,
        });
      }
    }
    return { applies: true, findings };
  },
};
