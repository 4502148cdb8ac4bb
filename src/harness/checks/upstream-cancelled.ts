import { notApplicable, whenSkipped } from '../judge';
import type { Check } from '../types';

/**
 * A client's abort travels upstream, so nobody keeps paying for tokens no one will read.
 * @see https://developer.mozilla.org/docs/Web/API/AbortSignal
 */
export const upstreamCancelled: Check = {
  id: 'upstream-cancelled',
  severity: 'must',
  rule: 'When the client aborts a stream, the server cancels its upstream request.',
  offline: false,
  run(run) {
    const skipped = whenSkipped(run);
    if (skipped) return skipped;
    const aborted = run.facts?.upstreamAborted;
    if (aborted === undefined)
      return notApplicable(
        'the upstream of this target is not observed: pass --fault-upstream if it is a proxy',
      );
    if (aborted) return { applies: true, findings: [] };
    return {
      applies: true,
      findings: [
        {
          message: 'the client aborted, but the upstream request ran on: the abort was not passed upstream',
          evidence: ['upstream request log: no client abort seen'],
          exchange:
            run.exchanges.find((e) => e.response?.end === 'aborted')?.label ?? run.exchanges[0]?.label,
        },
      ],
    };
  },
};
