import {
  allowedKinds,
  componentSchemas,
  KIND_SAMPLES,
  KINDS,
  resolve,
  type Schema,
  sampleValid,
} from './schemaFacts';
import type { FieldDefect } from './types';

type Schemas = Record<string, Schema>;
/** Wraps a value found at some depth into the whole top-level field value around it. */
type Wrap = (value: unknown) => unknown;
type Emit = (label: string, wrapped: unknown) => void;

/** A key no schema of the contract declares, so `additionalProperties: false` must reject it. */
export const UNKNOWN_KEY = 'chat_contract_unknown_param';

function wrongKinds(schemas: Schemas, node: Schema, path: string, wrap: Wrap, emit: Emit): void {
  const allowed = allowedKinds(schemas, node);
  if (!allowed) return;
  for (const kind of KINDS) {
    if (!allowed.has(kind)) emit(`${path}: wrong type ${kind}`, wrap(structuredClone(KIND_SAMPLES[kind])));
  }
}

function rangeDefects(schemas: Schemas, schema: Schema, path: string, wrap: Wrap, emit: Emit): void {
  const integer = allowedKinds(schemas, schema)?.has('float') === false;
  const step = integer ? 1 : 0.5;
  if (typeof schema.minimum === 'number') emit(`${path}: below minimum`, wrap(schema.minimum - step));
  if (typeof schema.maximum === 'number') emit(`${path}: above maximum`, wrap(schema.maximum + step));
  if (typeof schema.minLength === 'number' && schema.minLength > 0) {
    emit(`${path}: shorter than minLength`, wrap('x'.repeat(schema.minLength - 1)));
  }
  if (typeof schema.maxLength === 'number') {
    emit(`${path}: longer than maxLength`, wrap('x'.repeat(schema.maxLength + 1)));
  }
  if (typeof schema.pattern === 'string') {
    const re = new RegExp(schema.pattern, 'u');
    const bad = ['has space!', 'x'.repeat(300), 'ünï'].find((s) => !re.test(s));
    if (bad !== undefined) emit(`${path}: breaks pattern`, wrap(bad));
  }
  const item = () => sampleValid(schemas, (schema.items ?? {}) as Schema);
  if (typeof schema.minItems === 'number' && schema.minItems > 0) {
    emit(`${path}: fewer than minItems`, wrap(Array.from({ length: schema.minItems - 1 }, item)));
  }
  if (typeof schema.maxItems === 'number') {
    emit(`${path}: more than maxItems`, wrap(Array.from({ length: schema.maxItems + 1 }, item)));
  }
  if (Array.isArray(schema.enum) && schema.enum.every((v) => typeof v === 'string')) {
    emit(`${path}: not in enum`, wrap('not-a-listed-value'));
  }
  if (typeof schema.const === 'string') emit(`${path}: not the const`, wrap(`${schema.const}-not`));
}

/** `if: {properties: {role: {enum|const}}}` → the values that switch the rule on. */
function ifValues(rule: Schema): { prop: string; values: unknown[] } | undefined {
  const props = (rule.if as Schema | undefined)?.properties as Record<string, Schema> | undefined;
  const [entry] = Object.entries(props ?? {});
  if (!entry) return undefined;
  const [prop, cond] = entry;
  const values = 'const' in cond ? [cond.const] : Array.isArray(cond.enum) ? cond.enum : [];
  return { prop, values };
}

/** Defects of `allOf: [{if, then}]` rules: a field the `then` requires missing, or of a kind it forbids. */
function conditionalDefects(schemas: Schemas, schema: Schema, path: string, wrap: Wrap, emit: Emit): void {
  const rules = ((schema.allOf ?? []) as Schema[]).filter((r) => r.if && r.then);
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  for (const rule of rules) {
    const cond = ifValues(rule);
    if (!cond) continue;
    for (const value of cond.values) {
      // The smallest object that satisfies every rule switched on by this value.
      const base: Record<string, unknown> = { [cond.prop]: value };
      for (const other of rules) {
        if (!ifValues(other)?.values.includes(value)) continue;
        const then = other.then as Schema;
        const thenProps = (then.properties ?? {}) as Record<string, Schema>;
        for (const key of (then.required ?? []) as string[]) {
          base[key] = sampleValid(schemas, thenProps[key] ?? props[key] ?? {});
        }
      }
      const then = rule.then as Schema;
      for (const key of (then.required ?? []) as string[]) {
        const { [key]: _gone, ...rest } = base;
        emit(`${path}: ${cond.prop} ${String(value)} without ${key}`, wrap(rest));
      }
      for (const [key, sub] of Object.entries((then.properties ?? {}) as Record<string, Schema>)) {
        const kinds = allowedKinds(schemas, sub);
        for (const kind of KINDS) {
          if (kinds && !kinds.has(kind)) {
            const label = `${path}: ${cond.prop} ${String(value)} with ${key} of type ${kind}`;
            emit(label, wrap({ ...base, [key]: structuredClone(KIND_SAMPLES[kind]) }));
          }
        }
      }
    }
  }
}

/**
 * Walks one schema node: wrong kinds, range and enum defects here, then recursion into
 * properties, items and the `oneOf` branches whose kind no other branch shares (so the defect
 * cannot make the value match a sibling branch).
 */
function walk(schemas: Schemas, node: Schema, path: string, wrap: Wrap, emit: Emit, depth: number): void {
  if (depth > 6) return;
  const { schema } = resolve(schemas, node);
  wrongKinds(schemas, schema, path, wrap, emit);
  walkInside(schemas, schema, path, wrap, emit, depth);
}

function walkInside(schemas: Schemas, schema: Schema, path: string, wrap: Wrap, emit: Emit, depth: number) {
  rangeDefects(schemas, schema, path, wrap, emit);
  const branches = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  for (const branch of branches ?? []) {
    const kinds = allowedKinds(schemas, branch);
    const shared = (branches ?? []).some(
      (b) => b !== branch && [...(allowedKinds(schemas, b) ?? [])].some((k) => kinds?.has(k)),
    );
    if (kinds && !shared) walkInside(schemas, resolve(schemas, branch).schema, path, wrap, emit, depth + 1);
  }
  const kinds = allowedKinds(schemas, schema);
  if (kinds?.has('array') && schema.items) {
    walk(schemas, schema.items as Schema, `${path}[0]`, (v) => wrap([v]), emit, depth + 1);
  }
  if (!kinds?.has('object')) return;
  const sample = sampleValid(schemas, schema) as Record<string, unknown>;
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  for (const key of (schema.required ?? []) as string[]) {
    const { [key]: _gone, ...rest } = sample;
    emit(`${path}.${key}: missing`, wrap(rest));
  }
  if (schema.additionalProperties === false) {
    emit(`${path}: unknown property`, wrap({ ...sample, [UNKNOWN_KEY]: 1 }));
  } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    const sub = schema.additionalProperties as Schema;
    walk(schemas, sub, `${path}.key`, (v) => wrap({ ...sample, key: v }), emit, depth + 1);
  }
  for (const [key, sub] of Object.entries(props)) {
    walk(schemas, sub, `${path}.${key}`, (v) => wrap({ ...sample, [key]: v }), emit, depth + 1);
  }
  conditionalDefects(schemas, schema, path, wrap, emit);
}

/**
 * Every single-defect variant of each top-level field of `CreateChatCompletionRequest`, derived
 * from openapi.yaml: required fields missing, wrong kinds, range, length, pattern, enum and const
 * violations, unknown properties and conditional (if/then) rules, down through `$ref`s.
 * @example schemaDefects().find((d) => d.name === 'temperature: above maximum')
 */
export function schemaDefects(): FieldDefect[] {
  const schemas = componentSchemas();
  const root = schemas.CreateChatCompletionRequest as Schema;
  const out: FieldDefect[] = [];
  for (const key of (root.required ?? []) as string[]) {
    out.push({ name: `${key}: missing`, key, value: undefined });
  }
  out.push({ name: `${UNKNOWN_KEY}: unknown top-level property`, key: UNKNOWN_KEY, value: true });
  for (const [key, sub] of Object.entries((root.properties ?? {}) as Record<string, Schema>)) {
    walk(
      schemas,
      sub,
      key,
      (v) => v,
      (name, value) => out.push({ name, key, value }),
      0,
    );
  }
  return out;
}

/** One valid value per optional top-level field, to vary the valid part around a defect. */
export function validExtras(): Array<[string, unknown]> {
  const schemas = componentSchemas();
  const root = schemas.CreateChatCompletionRequest as Schema;
  const required = new Set((root.required ?? []) as string[]);
  return Object.entries((root.properties ?? {}) as Record<string, Schema>)
    .filter(([key]) => !required.has(key))
    .map(([key, sub]) => [key, sampleValid(schemas, sub)]);
}
