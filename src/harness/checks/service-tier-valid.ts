import { chunkEvents, eachExchange, isSuccessStatus, type Located, logAll, parseJson, show } from '../judge';
import type { Check, Exchange } from '../types';

/** The service tiers OpenAI documents (`fast` is in the copy of its spec in contract/openai/). */
export const SERVICE_TIERS: readonly string[] = ['auto', 'default', 'flex', 'scale', 'priority', 'fast'];

function unknownTier(value: unknown): boolean {
  return value !== undefined && value !== null && !SERVICE_TIERS.includes(value as string);
}

/** Every `service_tier` a response carried that is not a documented tier. */
export function tierProblems(exchange: Exchange): Located[] {
  const response = exchange.response!;
  const message = (value: unknown) =>
    `service_tier is ${show(value)}, not one of ${SERVICE_TIERS.join(', ')}`;
  if (response.sse) {
    // One finding per stream: a gateway stamps the same value on every chunk.
    const bad = chunkEvents(response.sse).find((c) => unknownTier(c.json.service_tier));
    return bad ? [{ message: message(bad.json.service_tier), at: bad }] : [];
  }
  const parsed = parseJson(response.body);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return [];
  const tier = (parsed.value as { service_tier?: unknown }).service_tier;
  return unknownTier(tier)
    ? [{ message: message(tier), evidence: [`"service_tier":${JSON.stringify(tier)}`] }]
    : [];
}

/** Whether an exchange's response shows a service tier at all. */
function showsTier(exchange: Exchange): boolean {
  const response = exchange.response;
  if (!response || !isSuccessStatus(response.status)) return false;
  if (response.sse) return chunkEvents(response.sse).some((c) => c.json.service_tier != null);
  return /"service_tier"\s*:\s*"/.test(response.body);
}

/**
 * `service_tier`, when a response carries it, is one of the documented tiers.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-service_tier
 */
export const serviceTierValid: Check = {
  id: 'service-tier-valid',
  severity: 'should',
  rule: 'A service_tier in a response, when present, is auto, default, flex, scale, priority or fast.',
  offline: true,
  run(run) {
    const showing = run.intent === 'success' ? run.exchanges.filter(showsTier) : [];
    return eachExchange(showing, 'no successful response carried a service_tier', (exchange, log) => {
      logAll(log, tierProblems(exchange));
    });
  },
};
