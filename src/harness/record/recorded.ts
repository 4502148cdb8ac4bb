import { readSse } from '../../sse';
import type { Exchange, Intent, RecordedResponse, ScenarioRun } from '../types';

/** A recorded exchange: raw response bytes plus, optionally, what was asked (a transcript sidecar). */
export interface Recording {
  /** Raw response body as received (SSE or JSON). */
  body: string | Uint8Array;
  /** The JSON request body that produced it (defaults to a plain streamed request). */
  request?: Record<string, unknown>;
  status?: number;
  /** Response headers; content type defaults to `text/event-stream` when `stream` was asked. */
  headers?: Record<string, string>;
  /** Arrival time per SSE event in ms (default: all at 0). */
  eventTimes?: number[];
  end?: RecordedResponse['end'];
  label?: string;
}

const DEFAULT_REQUEST = { model: 'recorded', messages: [{ role: 'user', content: 'hi' }], stream: true };

/** Turns one recording into an Exchange, decoding SSE when the request streamed. */
export function exchangeFrom(rec: Recording): Exchange {
  const requestJson = rec.request ?? DEFAULT_REQUEST;
  const streaming = requestJson.stream === true;
  const text = typeof rec.body === 'string' ? rec.body : new TextDecoder().decode(rec.body);
  const headers: Record<string, string> = {
    'content-type': streaming ? 'text/event-stream' : 'application/json',
    ...Object.fromEntries(Object.entries(rec.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
  };
  const response: RecordedResponse = {
    status: rec.status ?? 200,
    headers,
    body: text,
    firstByteAt: 0,
    endedAt: rec.eventTimes?.at(-1) ?? 0,
    end: rec.end ?? 'eof',
  };
  if (streaming || headers['content-type']?.startsWith('text/event-stream')) {
    const sse = readSse(rec.body);
    rec.eventTimes?.forEach((t, i) => {
      const ev = sse.events[i];
      if (ev) ev.at = t;
    });
    response.sse = sse;
  }
  return {
    label: rec.label ?? 'recorded',
    request: {
      method: 'POST',
      url: 'recorded://v1/chat/completions',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(requestJson),
    },
    requestJson,
    response,
  };
}

/**
 * Builds a ScenarioRun from recordings, for offline checking and for check tests.
 * @example runFromRecordings('basic-stream', 'success', [{ body: 'data: {...}\n\ndata: [DONE]\n\n' }])
 */
export function runFromRecordings(
  scenario: string,
  intent: Intent,
  recordings: Recording[],
  extra: Partial<Pick<ScenarioRun, 'fault' | 'facts' | 'skipped'>> = {},
): ScenarioRun {
  return { scenario, intent, exchanges: recordings.map(exchangeFrom), ...extra };
}
