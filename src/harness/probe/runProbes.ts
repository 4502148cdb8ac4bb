import { type FetchLike, recordExchange } from '../record/client';
import { redactDeep, secretsFrom } from '../record/redact';
import { HarnessFailure } from '../types';
import { ACCEPTED_PROBES } from './accepted';
import { choicesProbe } from './choices';
import { includeUsageProbe } from './includeUsage';
import { logprobsProbe } from './logprobs';
import { RESPONSE_FORMAT_PROBES } from './responseFormat';
import { seedProbe } from './seed';
import { stopProbe } from './stop';
import { TOKEN_CAP_PROBES } from './tokenCaps';
import { TOOL_CHOICE_PROBES } from './toolChoice';
import type { Probe, ProbeContext, ProbeResult } from './types';

/** Every probe, in table order. */
export const PROBES: readonly Probe[] = [
  ...TOKEN_CAP_PROBES,
  choicesProbe,
  stopProbe,
  seedProbe,
  logprobsProbe,
  ...RESPONSE_FORMAT_PROBES,
  ...TOOL_CHOICE_PROBES,
  includeUsageProbe,
  ...ACCEPTED_PROBES,
];

/** Runs the probes one after the other; a probe that throws is inconclusive, never hidden. */
export async function runProbes(
  ctx: ProbeContext,
  probes: readonly Probe[] = PROBES,
): Promise<ProbeResult[]> {
  const results: ProbeResult[] = [];
  for (const probe of probes) {
    try {
      results.push(await probe.run(ctx));
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      results.push({
        parameter: probe.parameter,
        verdict: 'inconclusive',
        evidence: [`the probe failed: ${why}`],
      });
    }
  }
  return results;
}

/** Options of a probe run against a target. */
export interface ProbeOptions {
  /** What an OpenAI SDK takes, e.g. `http://127.0.0.1:8080/v1`. */
  baseUrl: string;
  /** Default: the first id of `GET /models`. */
  model?: string;
  /** Sent as `Authorization: Bearer …`; never appears in results. */
  apiKey?: string;
  headers?: Record<string, string>;
  /** Budget per request in ms (default 30000). */
  timeoutMs?: number;
  fetch?: FetchLike;
}

function firstModel(body: string): string | undefined {
  try {
    const data = (JSON.parse(body) as { data?: Array<{ id?: unknown }> }).data;
    const id = Array.isArray(data) ? data[0]?.id : undefined;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Probes which parameters a target honours: finds the model, runs every probe, returns the rows.
 * @throws HarnessFailure `bad-arguments` or `target-unreachable`
 * @example const rows = await probeTarget({ baseUrl: 'http://127.0.0.1:8080/v1' });
 */
export async function probeTarget(
  options: ProbeOptions,
): Promise<{ target: string; model: string; probes: ProbeResult[] }> {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  if (!/^https?:\/\//i.test(baseUrl)) {
    throw new HarnessFailure('bad-arguments', `base URL must start with http:// or https://: ${baseUrl}`);
  }
  const headers: Record<string, string> = { ...options.headers };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const client = options.fetch ? { fetch: options.fetch } : {};
  const send = (label: string, method: 'GET' | 'POST', path: string, body?: string) =>
    recordExchange(
      {
        label,
        method,
        url: `${baseUrl}${path}`,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        ...(body !== undefined ? { body, expectStream: /"stream":true/.test(body) } : {}),
        timeoutMs,
        maxEvents: 10_000,
      },
      client,
    );
  let model = options.model;
  if (!model) {
    const listed = await send('models', 'GET', '/models');
    if (!listed.response) {
      throw new HarnessFailure(
        'target-unreachable',
        `GET ${baseUrl}/models: ${listed.failure?.message ?? 'no response'}`,
      );
    }
    model = firstModel(listed.response.body);
    if (!model)
      throw new HarnessFailure('bad-arguments', `GET ${baseUrl}/models listed no model id: pass --model`);
  }
  const probes = await runProbes({
    model,
    chat: (label, body) => send(label, 'POST', '/chat/completions', JSON.stringify(body)),
  });
  return { target: baseUrl, model, probes: redactDeep(probes, secretsFrom(options.apiKey, headers)) };
}

/** The probe rows as an aligned text table: parameter, verdict, evidence. */
export function probeTable(probes: readonly ProbeResult[]): string[] {
  const width = Math.max(9, ...probes.map((p) => p.parameter.length));
  const lines = [`  ${'parameter'.padEnd(width)}  ${'verdict'.padEnd(12)}  evidence`];
  for (const p of probes) {
    lines.push(`  ${p.parameter.padEnd(width)}  ${p.verdict.padEnd(12)}  ${p.evidence[0] ?? ''}`);
    for (const more of p.evidence.slice(1)) lines.push(`  ${''.padEnd(width)}  ${''.padEnd(12)}  ${more}`);
  }
  return lines;
}
