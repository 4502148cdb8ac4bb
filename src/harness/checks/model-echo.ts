import {
  eachExchange,
  eventDetail,
  type FindingDetail,
  firstChunk,
  isChatRequest,
  isRecord,
  isSuccessStatus,
  notApplicable,
  parseJson,
  whenSkipped,
} from '../judge';
import type { Check, Exchange } from '../types';

/** A dated snapshot suffix OpenAI resolves aliases to: `-2024-08-06`, or the older `-0613`. */
const DATED_SUFFIX = /^-(\d{4}-\d{2}-\d{2}|\d{4})$/;

/** Whether `answered` names `requested` or a dated snapshot of it (gpt-4o → gpt-4o-2024-08-06). */
export function namesModel(requested: string, answered: string): boolean {
  if (answered === requested) return true;
  return answered.startsWith(requested) && DATED_SUFFIX.test(answered.slice(requested.length));
}

/** The model a response names, and the raw text that names it. */
function answeredModel(exchange: Exchange): { model: unknown; detail: FindingDetail } | undefined {
  const response = exchange.response;
  if (!response || !isSuccessStatus(response.status)) return undefined;
  if (response.sse) {
    const first = firstChunk(response.sse);
    return first && { model: first.json.model, detail: eventDetail(response.sse, first) };
  }
  const parsed = parseJson(response.body);
  if (!parsed.ok || !isRecord(parsed.value)) return undefined;
  const model = parsed.value.model;
  return { model, detail: { evidence: [`"model": ${JSON.stringify(model)}`] } };
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
    const judged = run.exchanges.flatMap((exchange) => {
      const requested = exchange.requestJson?.model;
      if (!isChatRequest(exchange) || typeof requested !== 'string') return [];
      const answered = answeredModel(exchange);
      return answered ? [{ ...exchange, requested, answered }] : [];
    });
    return eachExchange(judged, 'no successful completion to read a model from', (e, log) => {
      const { requested, answered } = e;
      if (typeof answered.model !== 'string' || !namesModel(requested, answered.model)) {
        log.add(
          `requested model "${requested}" but the response names ${JSON.stringify(answered.model)}`,
          answered.detail,
        );
      }
    });
  },
};
