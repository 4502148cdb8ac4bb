import path from 'node:path';
import Ajv2020, { type ErrorObject as AjvError, type ValidateFunction } from 'ajv/dist/2020';
import { loadSpec } from './spec';
import type { SchemaName } from './wire';

const DOC_ID = 'chat-contract:openapi';
let ajv: Ajv2020 | undefined;

/** Where `npm run generate` writes the precompiled validators (same depth from src/ and dist/). */
const PRECOMPILED_FILE = path.resolve(__dirname, '..', '..', 'generated', 'schema-validators.js');

/** The precompiled validators by schema name, loaded on first use. */
let precompiled: Partial<Record<SchemaName, ValidateFunction>> | undefined;

/** One Ajv 2020-12 instance holding every component schema, compiled on first use. */
function instance(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({ strict: false, allErrors: true });
    const doc = loadSpec();
    ajv.addSchema({ $id: DOC_ID, components: doc.components });
  }
  return ajv;
}

/**
 * A component schema's validator compiled at run time, never the precompiled one (what the
 * precompiled validators are proved equal to).
 */
export function compileSchemaNow(name: SchemaName): ValidateFunction {
  const validate = instance().getSchema(`${DOC_ID}#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema named ${name} in the contract`);
  return validate;
}

/**
 * Returns the validator for a component schema of the contract: precompiled (ajv standalone code
 * from `npm run generate`, for the schemas scripts/generate-lib.js lists: the ones checked on every
 * chunk, error and document) when there is one, else compiled on first use and cached by ajv.
 * Both report ajv's errors on `validate.errors`.
 * @example const valid = compileSchema('ChatCompletionChunk')(JSON.parse(line));
 */
export function compileSchema(name: SchemaName): ValidateFunction {
  precompiled ??= require(PRECOMPILED_FILE) as Partial<Record<SchemaName, ValidateFunction>>;
  return precompiled[name] ?? compileSchemaNow(name);
}

/** Renders ajv errors as short `path: message` strings, e.g. `/choices/0/delta/role: must be equal to one of the allowed values`. */
export function describeErrors(errors: readonly AjvError[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const where = e.instancePath || '/';
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})`
        : e.keyword === 'enum'
          ? ` (${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})`
          : '';
    return `${where}: ${e.message ?? e.keyword}${extra}`;
  });
}
