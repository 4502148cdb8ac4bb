import { loadSpec } from '../../contract';

/** A JSON Schema node of the contract, kept loose: the walker only reads the keywords it knows. */
export type Schema = Record<string, unknown>;

/** The JSON kinds a value can have; `integer` and `float` split JSON numbers as JSON Schema does. */
export const KINDS = ['null', 'boolean', 'integer', 'float', 'string', 'array', 'object'] as const;
export type Kind = (typeof KINDS)[number];

/** One value of each kind, used where a field must get a value of the wrong kind. */
export const KIND_SAMPLES: Record<Kind, unknown> = {
  null: null,
  boolean: true,
  integer: 7,
  // 1.5, never 2.0: JSON.stringify(2.0) is "2", which an integer field accepts.
  float: 1.5,
  string: 'text',
  array: [1],
  object: {},
};

/** The component schemas of the contract, loaded once. */
export function componentSchemas(): Record<string, Schema> {
  return loadSpec().components.schemas as Record<string, Schema>;
}

/** Follows a local `$ref` (`#/components/schemas/Name`) and returns the target and its name. */
export function resolve(schemas: Record<string, Schema>, node: Schema): { schema: Schema; ref?: string } {
  const ref = node.$ref;
  if (typeof ref !== 'string') return { schema: node };
  const name = ref.replace(/^#\/components\/schemas\//, '');
  const target = schemas[name];
  if (!target) throw new Error(`unresolvable $ref ${ref}`);
  return { ...resolve(schemas, target), ref: name };
}

function kindOf(value: unknown): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  return typeof value as Kind;
}

function kindsOfType(type: unknown): Kind[] {
  const list = Array.isArray(type) ? type : [type];
  return list.flatMap((t): Kind[] => {
    if (t === 'number') return ['integer', 'float'];
    return (KINDS as readonly unknown[]).includes(t) ? [t as Kind] : [];
  });
}

/**
 * The JSON kinds a schema accepts, or undefined when it does not constrain the kind (no `type`,
 * `const` or `enum`, or a `oneOf` branch without one); undefined means "no wrong kind exists".
 */
export function allowedKinds(schemas: Record<string, Schema>, node: Schema): Set<Kind> | undefined {
  const { schema } = resolve(schemas, node);
  if ('const' in schema) return new Set([kindOf(schema.const)]);
  if (Array.isArray(schema.enum)) return new Set(schema.enum.map(kindOf));
  if (schema.type !== undefined) return new Set(kindsOfType(schema.type));
  const branches = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (!branches) return undefined;
  const out = new Set<Kind>();
  for (const b of branches) {
    const kinds = allowedKinds(schemas, b);
    if (!kinds) return undefined;
    for (const k of kinds) out.add(k);
  }
  return out;
}

/** Valid values for schemas whose plain sample would break a rule the walker cannot see (if/then). */
const SAMPLE_OVERRIDES: Record<string, unknown> = {
  ChatMessage: { role: 'user', content: 'hi' },
  Tool: { type: 'function', function: { name: 'get_weather' } },
};

/**
 * A small valid value for a schema: required properties only, the first enum value, the lowest
 * allowed number. Used as the valid context around a defect. Tests prove each sample valid.
 */
export function sampleValid(schemas: Record<string, Schema>, node: Schema): unknown {
  const { schema, ref } = resolve(schemas, node);
  if (ref && ref in SAMPLE_OVERRIDES) return structuredClone(SAMPLE_OVERRIDES[ref]);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const branches = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (branches) {
    const branch = branches.find((b) => !allowedKinds(schemas, b)?.has('null')) ?? branches[0];
    return branch ? sampleValid(schemas, branch) : null;
  }
  const kinds = [...(allowedKinds(schemas, schema) ?? new Set<Kind>(['object']))].filter((k) => k !== 'null');
  const kind = kinds[0] ?? 'null';
  const min = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  switch (kind) {
    case 'boolean':
      return true;
    case 'integer':
    case 'float':
      return min ?? (kinds.includes('float') ? 0 : 1);
    case 'string':
      return 'x'.repeat(Math.max(1, Number(schema.minLength ?? 1)));
    case 'array': {
      const items = (schema.items ?? {}) as Schema;
      const count = Math.max(1, Number(schema.minItems ?? 1));
      return Array.from({ length: count }, () => sampleValid(schemas, items));
    }
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const out: Record<string, unknown> = {};
      for (const key of (schema.required ?? []) as string[])
        out[key] = sampleValid(schemas, props[key] ?? {});
      return out;
    }
    default:
      return null;
  }
}
