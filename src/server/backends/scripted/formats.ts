import type { CreateChatCompletionRequest } from '../../../contract';

type Schema = {
  type?: unknown;
  properties?: Record<string, Schema>;
  required?: unknown;
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
};

/**
 * A value that fits a JSON schema, built from the reply text: strings get the text, numbers 0,
 * booleans true, objects every listed property, arrays one item. Enough for the plain schemas
 * clients send with `response_format: json_schema`; unknown keywords are not honoured.
 */
export function instanceOf(schema: Schema | undefined, text: string, depth = 0): unknown {
  if (!schema || typeof schema !== 'object' || depth > 8) return text;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, sub] of Object.entries(schema.properties ?? {}))
        out[key] = instanceOf(sub, text, depth + 1);
      return out;
    }
    case 'array':
      return [instanceOf(schema.items, text, depth + 1)];
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return text;
  }
}

/**
 * The reply as `response_format` asks for it: JSON text for `json_object` (`{"reply": …}`) and
 * `json_schema` (an instance of the schema); undefined for plain text.
 * @see https://platform.openai.com/docs/guides/structured-outputs
 */
export function formatReply(body: CreateChatCompletionRequest, text: string): string | undefined {
  const format = body.response_format as { type?: string; json_schema?: { schema?: Schema } } | undefined;
  if (format?.type === 'json_object') return JSON.stringify({ reply: text });
  if (format?.type === 'json_schema') return JSON.stringify(instanceOf(format.json_schema?.schema, text));
  return undefined;
}
