import { ask } from './answer';
import type { Probe } from './types';

/** Accepted means answered 2xx; what the server does with the value is not visible from outside. */
function acceptedProbe(parameter: string, value: unknown): Probe {
  return {
    parameter,
    async run(ctx) {
      const body = {
        model: ctx.model,
        messages: [{ role: 'user', content: 'Say hello.' }],
        [parameter]: value,
      };
      const got = await ask(parameter, () => ctx.chat(parameter, body));
      if ('result' in got) return got.result;
      const status = got.exchange.response?.status;
      const tier =
        parameter === 'service_tier'
          ? `, service_tier in the answer: ${JSON.stringify(got.answer.service_tier)}`
          : '';
      return { parameter, verdict: 'honoured', evidence: [`accepted: HTTP ${status}${tier}`] };
    },
  };
}

/** `user`, `metadata`, `store`, `service_tier`: accepted, not refused with a 4xx. */
export const ACCEPTED_PROBES: readonly Probe[] = [
  acceptedProbe('user', 'chat-contract-probe'),
  acceptedProbe('metadata', { probe: 'chat-contract' }),
  acceptedProbe('store', false),
  acceptedProbe('service_tier', 'auto'),
];
