import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** Absolute path of the contract shipped with the package (same depth from src/ and dist/). */
export const SPEC_PATH = path.resolve(__dirname, '..', '..', 'openapi.yaml');

/** A parsed OpenAPI document; kept loose because only the loaders walk it. */
export type OpenApiDocument = Record<string, unknown> & {
  components: { schemas: Record<string, unknown> };
};

let cached: OpenApiDocument | undefined;

/**
 * Loads the contract once and returns a fresh deep copy, so callers (openapi-backend dereferences
 * in place) can never corrupt each other's view.
 * @example const doc = loadSpec(); doc.paths['/v1/chat/completions'];
 */
export function loadSpec(file: string = SPEC_PATH): OpenApiDocument {
  if (file !== SPEC_PATH) return parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  cached ??= parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  return structuredClone(cached);
}
