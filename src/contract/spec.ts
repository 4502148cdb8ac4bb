import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Absolute path of the contract shipped with the package (same depth from src/ and dist/). */
export const SPEC_PATH = path.resolve(__dirname, '..', '..', 'openapi.yaml');
/** The same contract as JSON, written by `npm run generate` (`check:generated` proves it fresh). */
const SPEC_JSON_PATH = path.resolve(__dirname, '..', '..', 'generated', 'openapi.json');

/** Parses a YAML contract; the YAML parser is loaded only for files other than the shipped one. */
function parseYamlFile(file: string): OpenApiDocument {
  const { parse } = require('yaml') as typeof import('yaml');
  return parse(readFileSync(file, 'utf8')) as OpenApiDocument;
}

/** A parsed OpenAPI document; kept loose because only the loaders walk it. */
export type OpenApiDocument = Record<string, unknown> & {
  components: { schemas: Record<string, unknown> };
};

let cached: OpenApiDocument | undefined;

/**
 * Loads the contract once (the shipped one from its generated JSON copy) and returns a fresh deep copy, so callers (openapi-backend dereferences
 * in place) can never corrupt each other's view.
 * @example const doc = loadSpec(); doc.paths['/v1/chat/completions'];
 */
export function loadSpec(file: string = SPEC_PATH): OpenApiDocument {
  if (file !== SPEC_PATH) return parseYamlFile(file);
  // The shipped contract is read from its JSON copy: same document, no YAML parser in memory.
  cached ??= JSON.parse(readFileSync(SPEC_JSON_PATH, 'utf8')) as OpenApiDocument;
  return structuredClone(cached);
}
