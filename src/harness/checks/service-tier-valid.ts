import {
  FindingLog,
  isSuccessStatus,
  type Located,
  logAll,
  notApplicable,
  parseJson,
  type SinglePass,
  type StreamExchange,
  show,
  singlePassCheck,
} from '../judge';
import type { Finding } from '../types';

/** The service tiers OpenAI documents (`fast` is in the copy of its spec in contract/openai/). */
export const SERVICE_TIERS: readonly string[] = ['auto', 'default', 'flex', 'scale', 'priority', 'fast'];

function unknownTier(value: unknown): boolean {
  return value !== undefined && value !== null && !SERVICE_TIERS.includes(value as string);
}

/** What one stream showed: whether any chunk carried a service tier. */
interface TierSeen {
  shows: boolean;
}

const message = (value: unknown) => `service_tier is ${show(value)}, not one of ${SERVICE_TIERS.join(', ')}`;

/** Every `service_tier` a JSON response carried that is not a documented tier. */
function bodyProblems(body: string): Located[] {
  const parsed = parseJson(body);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return [];
  const tier = (parsed.value as { service_tier?: unknown }).service_tier;
  return unknownTier(tier)
    ? [{ message: message(tier), evidence: [`"service_tier":${JSON.stringify(tier)}`] }]
    : [];
}

const pass: SinglePass<TierSeen> = {
  reduce({ log }) {
    const seen: TierSeen = { shows: false };
    let reported = false;
    return {
      // A content chunk repeating the previous frame changes nothing this rule reads.
      skipsContentRepeats: true,
      event(c) {
        if (c.kind !== 'chunk') return;
        const tier = c.json.service_tier;
        if (tier != null) seen.shows = true;
        // One finding per stream: a gateway stamps the same value on every chunk.
        if (!reported && unknownTier(tier)) {
          reported = true;
          log.at(c, message(tier));
        }
      },
      end: () => seen,
    };
  },
  judge(run, read) {
    const findings: Finding[] = [];
    let showing = 0;
    if (run.intent === 'success') {
      for (const exchange of run.exchanges) {
        const response = exchange.response;
        if (!response || !isSuccessStatus(response.status)) continue;
        if (response.sse) {
          const judged = read(exchange as StreamExchange);
          if (!judged.result.shows) continue;
          showing++;
          findings.push(...judged.findings);
        } else if (/"service_tier"\s*:\s*"/.test(response.body)) {
          showing++;
          const log = new FindingLog(exchange.label);
          logAll(log, bodyProblems(response.body));
          findings.push(...log.findings());
        }
      }
    }
    if (showing === 0) return notApplicable('no successful response carried a service_tier');
    return { applies: true, findings };
  },
};

/**
 * `service_tier`, when a response carries it, is one of the documented tiers.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-service_tier
 */
export const serviceTierValid = singlePassCheck(
  {
    id: 'service-tier-valid',
    severity: 'should',
    rule: 'A service_tier in a response, when present, is auto, default, flex, scale, priority or fast.',
    offline: true,
  },
  pass,
);
