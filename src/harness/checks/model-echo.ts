import { firstChunk } from '../decode/decode';
import type { Check, Exchange, Finding } from '../types';
import { isChatRequest, isSuccessStatus, notApplicable, parseJson, whenSkipped } from '../judge/service';

/** A dated snapshot suffix OpenAI resolves aliases to: `-2024-08-06`, or the older `-0613`. */
const DATED_SUFFIX = /^-(\d{4}-\d{2}-\d{2}|\d{4})$/;

/** Whether `answered` names `requested` or a dated snapshot of it (gpt-4o → gpt-4o-2024-08-06). */
export function namesModel(requested: string, answered: string): boolean {
  if (answered === requested) return true;
  return answered.startsWith(requested) && DATED_SUFFIX.test(answered.slice(requested.length));
}

/** The model a response names, and the raw text that names it. */
function answeredModel(exchange: Exchange): { model: unknown; evidence: string[] } | undefined {
  const response = exchange.response;
  if (!response || !isSuccessStatus(response.status)) return undefined;
  if (response.sse) {
    const first = firstChunk(response.sse);
    return first && { model: first.json.model, evidence: first.evidence };
  }
  const parsed = parseJson(response.body);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return undefined;
  const model = (parsed.value as { model?: unknown }).model;
  return { model, evidence: [`"model": ${JSON.stringify(model)}`] };
}

/**
 * The response names the model that was asked for (or the dated snapshot an alias resolves to).
 * @see https://platform.openai.com/docs/models (aliases point to dated snapshots)
 */
export const modelEcho: Check = {
  id: 'model-echo',
  severity: 'should',
  rule: "The response's `model` names the requested model or a dated snapshot of it (gpt-4o → gpt-4o-2024-08-06).",
  offline: true,
  run(run) {
    const skipped = whenSkipped(run);
    if (skipped) return skipped;
    if (run.intent !== 'success') return notApplicable('only successful completions name a model');
    const findings: Finding[] = [];
    let judged = 0;
    for (const exchange of run.exchanges) {
      const requested = exchange.requestJson?.model;
      if (!isChatRequest(exchange) || typeof requested !== 'string') continue;
      const answered = answeredModel(exchange);
      if (!answered) continue;
      judged++;
      if (typeof answered.model !== 'string' || !namesModel(requested, answered.model)) {
        findings.push({
          message: `requested model "${requested}" but the response names ${JSON.stringify(answered.model)}`,
          evidence: answered.evidence,
          exchange: exchange.label,
        });
      }
    }
    if (judged === 0) return notApplicable('no successful completion to read a model from');
    return { applies: true, findings };
  },
};
