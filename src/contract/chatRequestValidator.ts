import path from 'node:path';
import type { ValidateFunction } from 'ajv';

/** Where `npm run generate` writes it (same depth from src/ and dist/, like the contract). */
const FILE = path.resolve(__dirname, '..', '..', 'generated', 'chat-request-validator.js');

/**
 * createChatCompletion's request-body check exactly as openapi-backend compiles it (the body
 * wrapped as `{ requestBody }`, ajv 2020-12, strict off, all errors), precompiled by ajv's
 * standalone mode at `npm run generate`: the server loads it instead of compiling the schema at
 * start-up, which costs it time and leaves the compiler's garbage in its heap. Errors are ajv's,
 * with paths under `/requestBody`.
 * @example const validate = chatRequestValidator(); validate({ requestBody: body }) || validate.errors;
 */
export function chatRequestValidator(): ValidateFunction {
  return require(FILE) as ValidateFunction;
}
