import {
  FINDINGS_PER_EXCHANGE,
  type FindingDetail,
  isRecord,
  isSuccessStatus,
  omittedSummary,
  parseJson,
  type SinglePass,
  type StreamExchange,
  singlePassCheck,
  whenSkipped,
} from '../judge';
import type { Exchange, Finding } from '../types';

/** What one response's usage objects came to: how many were judged, and the arithmetic findings. */
interface UsageJudged {
  judged: number;
  findings: Finding[];
  /** Findings past those the report's cap would show, counted only. */
  omitted: number;
}

/** The findings as the report's per-exchange cap would show them. */
function shown(usage: UsageJudged): Finding[] {
  if (usage.omitted === 0) return usage.findings;
  const kept = usage.findings.slice(0, FINDINGS_PER_EXCHANGE);
  const label = kept[0]?.exchange;
  return [...kept, omittedSummary(label, usage.findings.length - kept.length + usage.omitted)];
}

/** Judges one usage object's arithmetic; missing or mistyped fields are the schema checks' finding. */
function judgeUsage(
  usage: Record<string, unknown>,
  label: string,
  detail: FindingDetail,
  into: UsageJudged,
): void {
  const { prompt_tokens: p, completion_tokens: c, total_tokens: t } = usage;
  if (typeof p !== 'number' || typeof c !== 'number' || typeof t !== 'number') return;
  into.judged++;
  if (p + c !== t) {
    // Every chunk of a stream may carry usage: keep what the report's cap would show, count the rest.
    if (into.findings.length > FINDINGS_PER_EXCHANGE) {
      into.omitted++;
      return;
    }
    into.findings.push({
      message: `usage.total_tokens is ${t}, but prompt_tokens + completion_tokens is ${p} + ${c} = ${p + c}`,
      exchange: label,
      ...detail,
    });
  }
}

/** The usage of a JSON body. */
function jsonUsage(exchange: Exchange): UsageJudged {
  const out: UsageJudged = { judged: 0, findings: [], omitted: 0 };
  const parsed = parseJson(exchange.response!.body);
  if (!parsed.ok || !isRecord(parsed.value)) return out;
  const usage = parsed.value.usage;
  if (isRecord(usage)) judgeUsage(usage, exchange.label, { evidence: [JSON.stringify(usage)] }, out);
  return out;
}

const pass: SinglePass<UsageJudged> = {
  reduce({ exchange, log }) {
    const out: UsageJudged = { judged: 0, findings: [], omitted: 0 };
    return {
      event(e) {
        if (e.kind === 'chunk' && isRecord(e.json.usage))
          judgeUsage(e.json.usage, exchange.label, log.detail(e), out);
      },
      end: () => out,
    };
  },
  judge(run, read) {
    const skipped = whenSkipped(run);
    if (skipped) return skipped;
    const findings: Finding[] = [];
    let judged = 0;
    for (const exchange of run.exchanges) {
      const response = exchange.response;
      if (!response || !isSuccessStatus(response.status)) continue;
      const usage = response.sse ? read(exchange as StreamExchange).result : jsonUsage(exchange);
      judged += usage.judged;
      findings.push(...shown(usage));
    }
    if (judged === 0) return { applies: false, reason: 'no response reported usage' };
    return { applies: true, findings };
  },
};

/**
 * Usage totals add up, in JSON responses and in the stream's usage chunk.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage
 */
export const usageSum = singlePassCheck(
  {
    id: 'usage-sum',
    severity: 'must',
    rule: '`usage.total_tokens` equals `prompt_tokens + completion_tokens`, in JSON responses and in the usage chunk of a stream.',
    offline: true,
  },
  pass,
);
