/** The result of parsing JSON without throwing. */
export type Parsed = { ok: true; value: unknown } | { ok: false; problem: string };

/**
 * Parses JSON without throwing: a conformance tool reports undecodable bodies, it does not stop on them.
 * @example parseJson('{"a":1}') // { ok: true, value: { a: 1 } }
 */
export function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, problem: e instanceof Error ? e.message : String(e) };
  }
}

/** Whether a value is a plain JSON object (not null, not an array): the SSE layer's one test. */
export { isJsonObject as isRecord } from '../../sse';
