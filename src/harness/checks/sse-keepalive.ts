import type { DecodedEvent } from '../decode/decode';
import { framedExchanges, isDoneLookalike, NOT_STREAMED, singlePassCheck, streamPass } from '../judge';

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

/** Why an event is a keep-alive sent as `data:` instead of as a comment, or undefined. */
function keepAliveMessage(d: DecodedEvent): string | undefined {
  if (d.kind !== 'invalid-json' || !isKeepAlivePayload(d.event.data)) return undefined;
  const what =
    d.event.data.trim() === ''
      ? 'an empty data payload'
      : `the non-JSON data payload ${JSON.stringify(d.event.data)}`;
  return `${what}: a keep-alive must be an SSE comment line (": …"), clients parse every data payload as JSON`;
}

/** The fields that can make up a block without data. */
const DATALESS_FIELDS = new Set(['id', 'retry', 'event']);

/** The field name of a raw line (`data`, `id`, …); undefined for comments. */
function fieldOf(text: string): string | undefined {
  if (text.charCodeAt(0) === 58) return undefined;
  const colon = text.indexOf(':');
  return colon < 0 ? text : text.slice(0, colon);
}

/**
 * Follows the blocks of lines between blank lines and reports each that holds fields but no
 * `data:` (only `id:`, `retry:` or `event:`): they dispatch nothing, and clients that treat every
 * block as an event choke on them. Keeps only the open block's field names.
 */
class DataLessBlocks {
  /** 0-based index of the open block's first line, or -1 between blocks. */
  private first = -1;
  /** The open block's dataless field names in order, or undefined once it holds another field. */
  private fields: string[] | undefined = [];

  constructor(private readonly report: (first: number, last: number, message: string) => void) {}

  line(text: string, index: number): void {
    if (text === '') {
      this.close(index);
      return;
    }
    if (this.first < 0) {
      this.first = index;
      this.fields = [];
    }
    if (!this.fields) return;
    const field = fieldOf(text);
    if (field === undefined) return;
    // A block with an unknown field is sse-framing's finding.
    if (!DATALESS_FIELDS.has(field)) this.fields = undefined;
    else if (!this.fields.includes(field)) this.fields.push(field);
  }

  /** The stream ended after `count` lines: an open block closes there. */
  close(end: number): void {
    if (this.first >= 0 && this.fields && this.fields.length > 0) {
      this.report(
        this.first,
        end - 1,
        `an event block holds only ${this.fields.join(', ')} and no data: keep-alives belong in comment lines`,
      );
    }
    this.first = -1;
  }
}

/**
 * Anything in a stream that is not an event is an SSE comment: no `data:` with an empty or non-JSON
 * payload other than `[DONE]`, and no event block of only `id:`/`retry:` lines.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#authoring-notes (comment keep-alives)
 */
export const sseKeepalive = singlePassCheck(
  {
    id: 'sse-keepalive',
    severity: 'must',
    rule: 'Anything in a stream that is not an event is an SSE comment line: no data line whose payload is empty or plain text (a keep-alive or status line) other than [DONE], and no event block holding only id, retry or event fields.',
    offline: true,
  },
  streamPass(framedExchanges, NOT_STREAMED, ({ log, stream }) => {
    // Blocks are reported after the keep-alive events, whatever their order in the stream.
    const blocks = log.defer();
    const tracker = new DataLessBlocks((first, last, message) => blocks.atLines(first, last, message));
    return {
      // A content chunk repeating the previous frame changes nothing this rule reads.
      skipsContentRepeats: true,
      event(d) {
        const message = keepAliveMessage(d);
        if (message) log.at(d, message);
      },
      line: (text, index) => tracker.line(text, index),
      end() {
        tracker.close(stream.lineCount());
        log.merge(blocks);
      },
    };
  }),
);
