import {
  chunkEvents,
  eventDetail,
  type FindingDetail,
  isRecord,
  isSuccessStatus,
  parseJson,
  whenSkipped,
} from '../judge';
import type { Check, Exchange, Finding } from '../types';

interface UsageSeen {
  usage: Record<string, unknown>;
  detail: FindingDetail;
}

/** Every usage object an exchange reported: the JSON body's, or each stream chunk's. */
function usagesOf(exchange: Exchange): UsageSeen[] {
  const response = exchange.response;
  if (!response || !isSuccessStatus(response.status)) return [];
  if (response.sse) {
    const sse = response.sse;
    return chunkEvents(sse).flatMap((e) =>
      isRecord(e.json.usage) ? [{ usage: e.json.usage, detail: eventDetail(sse, e) }] : [],
    );
  }
  const parsed = parseJson(response.body);
  if (!parsed.ok || !isRecord(parsed.value)) return [];
  const usage = parsed.value.usage;
  return isRecord(usage) ? [{ usage, detail: { evidence: [JSON.stringify(usage)] } }] : [];
}

/**
 * Usage totals add up, in JSON responses and in the stream's usage chunk.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage
 */
export const usageSum: Check = {
  id: 'usage-sum',
  severity: 'must',
  rule: '`usage.total_tokens` equals `prompt_tokens + completion_tokens`, in JSON responses and in the usage chunk of a stream.',
  offline: true,
  run(run) {
    const skipped = whenSkipped(run);
    if (skipped) return skipped;
    const findings: Finding[] = [];
    let judged = 0;
    for (const exchange of run.exchanges) {
      for (const { usage, detail } of usagesOf(exchange)) {
        const { prompt_tokens: p, completion_tokens: c, total_tokens: t } = usage;
        // Missing or mistyped fields are the schema checks' finding; this one judges the arithmetic.
        if (typeof p !== 'number' || typeof c !== 'number' || typeof t !== 'number') continue;
        judged++;
        if (p + c !== t) {
          findings.push({
            message: `usage.total_tokens is ${t}, but prompt_tokens + completion_tokens is ${p} + ${c} = ${p + c}`,
            exchange: exchange.label,
            ...detail,
          });
        }
      }
    }
    if (judged === 0) return { applies: false, reason: 'no response reported usage' };
    return { applies: true, findings };
  },
};
