import { DONE_DATA } from './encode';

/** A JSON object as `JSON.parse` returns it, fields not yet checked. */
export interface JsonObject {
  [key: string]: unknown;
}

/**
 * Layer 3 of stream decoding: what one event's data is. `chunk` and `error` only say what the JSON
 * claims to be; a schema says whether it is.
 */
export type EventData =
  | { kind: 'done' }
  | { kind: 'chunk'; json: JsonObject }
  | { kind: 'error'; json: JsonObject; error: unknown }
  | { kind: 'other-json'; json: unknown }
  | { kind: 'invalid-json'; problem: string };

/** Whether a parsed JSON value is an object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Classifies one event's data: exactly `[DONE]`, a chunk (`choices` or
 * `object: "chat.completion.chunk"`), an error frame (`{"error":…}` with a non-null error, what
 * official clients raise on), other JSON, or invalid JSON. Never throws.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 * @example classifyData('[DONE]') // { kind: 'done' }
 */
export function classifyData(data: string): EventData {
  if (data === DONE_DATA) return { kind: 'done' };
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch (e) {
    return { kind: 'invalid-json', problem: e instanceof Error ? e.message : String(e) };
  }
  return classifyJson(json);
}

/**
 * Classifies data already parsed (a caller with a faster path to the value than `JSON.parse`); the
 * same rules as {@link classifyData}.
 */
export function classifyJson(json: unknown): Exclude<EventData, { kind: 'done' | 'invalid-json' }> {
  if (!isJsonObject(json)) return { kind: 'other-json', json };
  if (json.error !== null && json.error !== undefined) return { kind: 'error', json, error: json.error };
  if ('choices' in json || json.object === 'chat.completion.chunk') return { kind: 'chunk', json };
  return { kind: 'other-json', json };
}
