import type { Exchange } from './types';
import { HarnessFailure } from './types';

/** How the preflight reaches the target: a GET or a POST under a base URL, recorded. */
export type PreflightSend = (
  base: string,
  method: 'GET' | 'POST',
  path: string,
  body?: string,
) => Promise<Exchange>;

/** Model ids of a `GET /models` body; empty when it is not a model list. */
export function modelIds(body: string): string[] {
  try {
    const data = (JSON.parse(body) as { data?: unknown }).data;
    if (!Array.isArray(data)) return [];
    return data.map((m: { id?: unknown }) => m?.id).filter((id): id is string => typeof id === 'string');
  } catch {
    return [];
  }
}

/** Up to `max` ids, comma-separated, with how many more there are. */
function listOf(ids: readonly string[], max = 10): string {
  const shown = ids.slice(0, max).join(', ');
  return ids.length > max ? `${shown} (and ${ids.length - max} more)` : shown;
}

/**
 * Stops a run that cannot judge anything before it floods a report with 404s, each with one line:
 * a target that does not answer (`target-unreachable`); one that refuses the credentials sent
 * (`misconfigured`: pass --api-key); a base URL missing its `/v1` when
 * `…/v1/models` answers (`misconfigured`: did you mean …/v1?); a requested model the server does
 * not serve (`misconfigured`, naming the models `GET /models` lists); no model to ask for
 * (`bad-arguments`: pass --model). Returns the model to use and the listed ids.
 */
export async function preflight(
  baseUrl: string,
  requested: string | undefined,
  send: PreflightSend,
  expectAuth = false,
): Promise<{ model: string; listedModels: string[] }> {
  const models = await send(baseUrl, 'GET', '/models');
  if (!models.response) {
    const why = models.failure?.message ?? 'no response';
    throw new HarnessFailure('target-unreachable', `GET ${baseUrl}/models: ${why}`);
  }
  const status = models.response.status;
  // With --expect-auth a refusal is what the user expects to see judged, not a misconfiguration.
  if ((status === 401 || status === 403) && !expectAuth) {
    throw new HarnessFailure(
      'misconfigured',
      `GET ${baseUrl}/models answered ${status}: the target wants credentials: pass --api-key (or --header)`,
    );
  }
  if (status === 404 && !/\/v1$/.test(baseUrl)) {
    const withV1 = await send(`${baseUrl}/v1`, 'GET', '/models');
    if (withV1.response && withV1.response.status < 300 && modelIds(withV1.response.body).length > 0) {
      throw new HarnessFailure(
        'misconfigured',
        `GET ${baseUrl}/models answered 404 but ${baseUrl}/v1/models lists models: did you mean --base-url ${baseUrl}/v1?`,
      );
    }
  }
  const listedModels = status < 300 ? modelIds(models.response.body) : [];
  if (requested && listedModels.length > 0 && !listedModels.includes(requested)) {
    throw new HarnessFailure(
      'misconfigured',
      `model ${requested} is not among those GET ${baseUrl}/models lists: ${listOf(listedModels)}`,
    );
  }
  if (requested && listedModels.length === 0) {
    // Nothing listed to compare with: ask once, and stop on a 404 rather than on every scenario.
    const body = JSON.stringify({ model: requested, messages: [{ role: 'user', content: 'hi' }] });
    const probe = await send(baseUrl, 'POST', '/chat/completions', body);
    if (probe.response?.status === 404) {
      throw new HarnessFailure(
        'misconfigured',
        `POST ${baseUrl}/chat/completions answered 404 for model ${requested} (GET /models answered ${status} with no model list): check --base-url and --model`,
      );
    }
  }
  const model = requested ?? listedModels[0];
  if (!model) {
    throw new HarnessFailure(
      'bad-arguments',
      `GET ${baseUrl}/models answered ${status} with no model id: pass --model`,
    );
  }
  return { model, listedModels };
}
