import { decodeEvents } from '../decode/decode';
import type { Check, Exchange, Finding } from '../types';
import { isSuccessStatus, parseJson, whenSkipped } from '../judge/service';

interface UsageSeen {
  usage: Record<string, unknown>;
  evidence: string[];
}

/** Every usage object an exchange reported: the JSON body's, or each stream chunk's. */
function usagesOf(exchange: Exchange): UsageSeen[] {
  const response = exchange.response;
  if (!response || !isSuccessStatus(response.status)) return [];
  if (response.sse) {
    return decodeEvents(response.sse).flatMap((e) =>
      e.kind === 'chunk' && isObject(e.json.usage)
        ? [{ usage: e.json.usage as Record<string, unknown>, evidence: e.evidence }]
        : [],
    );
  }
  const parsed = parseJson(response.body);
  if (!parsed.ok || !isObject(parsed.value)) return [];
  const usage = (parsed.value as { usage?: unknown }).usage;
  return isObject(usage)
    ? [{ usage: usage as Record<string, unknown>, evidence: [JSON.stringify(usage)] }]
    : [];
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
      for (const { usage, evidence } of usagesOf(exchange)) {
        const { prompt_tokens: p, completion_tokens: c, total_tokens: t } = usage;
        // Missing or mistyped fields are the schema checks' finding; this one judges the arithmetic.
        if (typeof p !== 'number' || typeof c !== 'number' || typeof t !== 'number') continue;
        judged++;
        if (p + c !== t) {
          findings.push({
            message: `usage.total_tokens is ${t}, but prompt_tokens + completion_tokens is ${p} + ${c} = ${p + c}`,
            evidence,
            exchange: exchange.label,
          });
        }
      }
    }
    if (judged === 0) return { applies: false, reason: 'no response reported usage' };
    return { applies: true, findings };
  },
};
