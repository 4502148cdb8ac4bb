import { classifyStream } from '../decode/classify';
import { excerpt, lastLines, notApplicable, statusLine, whenSkipped } from '../judge';
import type { Check, Finding } from '../types';

const AFTER_ABORT = 'after-abort';

/**
 * A client that hangs up mid-stream leaves the server healthy: the next request succeeds in full.
 * @see ../../../openapi.yaml (createChatCompletion)
 */
export const abortRecovers: Check = {
  id: 'abort-recovers',
  severity: 'must',
  rule: 'After a client aborts a stream mid-way, the next normal request succeeds completely.',
  offline: false,
  run(run) {
    const skipped = whenSkipped(run);
    if (skipped) return skipped;
    const after = run.exchanges.find((e) => e.label === AFTER_ABORT);
    if (!after) return notApplicable('no request followed an abort in this scenario');
    const response = after.response;
    if (!response) {
      return {
        applies: true,
        findings: [{ message: 'no response arrived after the abort', exchange: AFTER_ABORT }],
      };
    }
    const found = classifyStream(after);
    if (found === 'success') return { applies: true, findings: [] };
    const tail = response.sse ? lastLines(response.sse) : { lines: [], evidence: [excerpt(response.body)] };
    const finding: Finding = {
      message: `the request after the abort ended ${found} (read ended: ${response.end}), not in success`,
      evidence: [statusLine(response), ...tail.evidence],
      exchange: AFTER_ABORT,
    };
    if (tail.lines.length > 0) finding.lines = tail.lines;
    return { applies: true, findings: [finding] };
  },
};
