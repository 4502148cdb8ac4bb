/**
 * SSE encoding: the only place that knows how an event is framed on the wire.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */

/** The terminator OpenAI streams end with, exactly. */
export const DONE_DATA = '[DONE]';

/** `data: [DONE]` and its blank line. */
export const DONE_EVENT = `data: ${DONE_DATA}\n\n`;

/** Any line break; one scan instead of one per kind. */
const LINE_BREAK = /[\r\n]/;

/**
 * Frames one payload as a `data:` event. JSON text never holds a raw newline, so one line suffices;
 * other text is split into several `data:` lines as the SSE format requires.
 * @example encodeData('{"a":1}') // 'data: {"a":1}\n\n'
 */
export function encodeData(data: string): string {
  if (!LINE_BREAK.test(data)) return `data: ${data}\n\n`;
  return `${data
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}`)
    .join('\n')}\n\n`;
}

/** Frames a value as a JSON `data:` event. */
export function encodeJson(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

/** An SSE comment line (ignored by clients), used as a keep-alive. */
export function encodeComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;
}
