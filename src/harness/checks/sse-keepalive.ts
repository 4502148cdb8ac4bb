import { rawLines, type SseTranscript } from '../../sse';
import {
  decodeEvents,
  eachExchange,
  framedExchanges,
  isDoneLookalike,
  type Located,
  logAll,
  NOT_STREAMED,
} from '../judge';
import type { Check } from '../types';

/**
 * Whether a data payload is a keep-alive or status line rather than a chunk: empty, or plain text
 * that does not even start like JSON (`:`, `PROCESSING`, `ping`). A payload starting like JSON but
 * cut short is chunk-json's finding, not a keep-alive.
 */
export function isKeepAlivePayload(data: string): boolean {
  const text = data.trim();
  if (text === '') return true;
  if (text === '[DONE]' || isDoneLookalike(data)) return false;
  return text[0] !== '{' && text[0] !== '[';
}

/** Events whose data is a keep-alive sent as `data:` instead of as a comment. */
export function keepAliveEvents(transcript: SseTranscript): Located[] {
  const out: Located[] = [];
  for (const d of decodeEvents(transcript)) {
    if (d.kind !== 'invalid-json' || !isKeepAlivePayload(d.event.data)) continue;
    const what =
      d.event.data.trim() === ''
        ? 'an empty data payload'
        : `the non-JSON data payload ${JSON.stringify(d.event.data)}`;
    out.push({
      message: `${what}: a keep-alive must be an SSE comment line (": …"), clients parse every data payload as JSON`,
      at: d,
    });
  }
  return out;
}

/** The fields that can make up a block without data. */
const DATALESS_FIELDS = ['id', 'retry', 'event'];

/** The field name of a raw line (`data`, `id`, …); undefined for comments. */
function fieldOf(text: string): string | undefined {
  if (text.startsWith(':')) return undefined;
  const colon = text.indexOf(':');
  return colon < 0 ? text : text.slice(0, colon);
}

/** Every raw line of a transcript; one that kept only unusual lines has the others rebuilt. */
function allLines(transcript: SseTranscript): string[] {
  if (transcript.lineCount === undefined) return transcript.lines.map((l) => l.text);
  return transcript.lineCount > 0 ? rawLines(transcript, 0, transcript.lineCount - 1) : [];
}

/**
 * Blocks of lines between blank lines that hold fields but no `data:` (only `id:`, `retry:` or
 * `event:`): they dispatch nothing, and clients that treat every block as an event choke on them.
 */
export function dataLessBlocks(transcript: SseTranscript): Located[] {
  const out: Located[] = [];
  let block: string[] = [];
  let first = 0;
  const close = (end: number) => {
    const fields = block.map(fieldOf).filter((f): f is string => f !== undefined);
    // A block with an unknown field is sse-framing's finding.
    if (fields.length > 0 && fields.every((f) => DATALESS_FIELDS.includes(f))) {
      out.push({
        message: `an event block holds only ${[...new Set(fields)].join(', ')} and no data: keep-alives belong in comment lines`,
        lines: [first, end - 1],
      });
    }
    block = [];
  };
  const lines = allLines(transcript);
  for (const [i, text] of lines.entries()) {
    if (text === '') close(i);
    else {
      if (block.length === 0) first = i;
      block.push(text);
    }
  }
  close(lines.length);
  return out;
}

/**
 * Anything in a stream that is not an event is an SSE comment: no `data:` with an empty or non-JSON
 * payload other than `[DONE]`, and no event block of only `id:`/`retry:` lines.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#authoring-notes (comment keep-alives)
 */
export const sseKeepalive: Check = {
  id: 'sse-keepalive',
  severity: 'must',
  rule: 'Anything in a stream that is not an event is an SSE comment line: no data line whose payload is empty or plain text (a keep-alive or status line) other than [DONE], and no event block holding only id, retry or event fields.',
  offline: true,
  run(run) {
    return eachExchange(framedExchanges(run), NOT_STREAMED, (exchange, log) => {
      logAll(log, keepAliveEvents(exchange.response.sse));
      logAll(log, dataLessBlocks(exchange.response.sse));
    });
  },
};
