import {
  eachExchange,
  type FindingDetail,
  isChatRequest,
  isRecord,
  isSuccessStatus,
  notApplicable,
  parseJson,
  type SinglePass,
  type StreamExchange,
  singlePassCheck,
  whenSkipped,
} from '../judge';

/** A dated snapshot suffix OpenAI resolves aliases to: `-2024-08-06`, or the older `-0613`. */
const DATED_SUFFIX = /^-(\d{4}-\d{2}-\d{2}|\d{4})$/;

/** Whether `answered` names `requested` or a dated snapshot of it (gpt-4o → gpt-4o-2024-08-06). */
export function namesModel(requested: string, answered: string): boolean {
  if (answered === requested) return true;
  return answered.startsWith(requested) && DATED_SUFFIX.test(answered.slice(requested.length));
}

/** The model a response names, and the raw text that names it. */
interface Answered {
  model: unknown;
  detail: FindingDetail;
}

/** The model a JSON body names. */
function jsonModel(body: string): Answered | undefined {
  const parsed = parseJson(body);
  if (!parsed.ok || !isRecord(parsed.value)) return undefined;
  const model = parsed.value.model;
  return { model, detail: { evidence: [`"model": ${JSON.stringify(model)}`] } };
}

const pass: SinglePass<Answered | undefined> = {
  reduce({ log }) {
    // Only the first chunk names the model that counts; stable-model judges the rest.
    let first: Answered | undefined;
    return {
      event(d) {
        if (!first && d.kind === 'chunk') first = { model: d.json.model, detail: log.detail(d) };
      },
      end: () => first,
    };
  },
  judge(run, read) {
    const skipped = whenSkipped(run);
    if (skipped) return skipped;
    if (run.intent !== 'success') return notApplicable('only successful completions name a model');
    const judged = run.exchanges.flatMap((exchange) => {
      const requested = exchange.requestJson?.model;
      const response = exchange.response;
      if (!isChatRequest(exchange) || typeof requested !== 'string') return [];
      if (!response || !isSuccessStatus(response.status)) return [];
      const answered = response.sse ? read(exchange as StreamExchange).result : jsonModel(response.body);
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

/**
 * The response names the model that was asked for (or the dated snapshot an alias resolves to).
 * @see https://platform.openai.com/docs/models (aliases point to dated snapshots)
 */
export const modelEcho = singlePassCheck(
  {
    id: 'model-echo',
    severity: 'should',
    rule: "The response's `model` names the requested model or a dated snapshot of it (gpt-4o → gpt-4o-2024-08-06).",
    offline: true,
  },
  pass,
);
