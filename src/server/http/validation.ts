import type { ErrorObject as AjvError } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import OpenAPIBackend from 'openapi-backend';
import { loadSpec } from '../../contract';
import { chatRequestValidator } from '../../contract/chatRequestValidator';
import { ApiError } from '../errors';

/**
 * Builds the openapi-backend instance for the contract, with ajv in 2020-12 mode so every keyword
 * of the 3.1 document is enforced (openapi-backend checks definitions against 3.0 only, hence `quick`).
 */
export function createApiBackend(): OpenAPIBackend {
  return new OpenAPIBackend({
    definition: loadSpec() as never,
    quick: true,
    validate: true,
    strict: false,
    customizeAjv: (_ajv, opts) => new Ajv2020({ ...opts, strict: false, allErrors: true }) as never,
  });
}

/**
 * The request-body check of `POST /v1/chat/completions`: openapi-backend's compiled check for
 * createChatCompletion, precompiled (src/contract/chatRequestValidator.ts) so start-up compiles
 * nothing for the hot route. Returns the envelope error for an invalid body, or undefined.
 */
export function chatBodyValidator(): (body: unknown) => ApiError | undefined {
  const validate = chatRequestValidator();
  return (body) => (validate({ requestBody: body }) ? undefined : errorFromValidation(validate.errors));
}

/**
 * The compiled request-body check of one operation, for routes served without openapi-backend's
 * per-request routing: the same ajv function openapi-backend runs, compiled once, here not per request.
 * Returns the envelope error for an invalid body, or undefined.
 */
export function bodyValidator(
  api: OpenAPIBackend,
  operationId: string,
): (body: unknown) => ApiError | undefined {
  const validate = api.validator.getRequestValidatorsForOperation(operationId)?.[0];
  if (!validate) throw new Error(`operation ${operationId} has no request body schema`);
  return (body) => (validate({ requestBody: body }) ? undefined : errorFromValidation(validate.errors));
}

/** `/requestBody/messages/0/role` → `messages[0].role`. */
export function toParam(instancePath: string, child?: string): string | null {
  const parts = instancePath.split('/').filter(Boolean);
  if (parts[0] === 'requestBody') parts.shift();
  if (child !== undefined) parts.push(child);
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out || null;
}

/** Keywords that only say "a branch failed"; the branch's own error is more useful. */
const COMPOSITE = new Set(['oneOf', 'anyOf', 'allOf', 'if', 'not']);

function rank(e: AjvError): number {
  if (e.keyword === 'additionalProperties') return 0;
  if (e.keyword === 'required') return 1;
  if (COMPOSITE.has(e.keyword)) return 9;
  // Inside oneOf/anyOf every non-matching branch reports a type error; a value error is the real one.
  if (e.keyword === 'type') return 3;
  return 2;
}

/**
 * Turns ajv's errors into one ApiError naming the field, with a message a person can act on.
 * @example errorFromValidation([{instancePath:'/requestBody/temperature', keyword:'maximum', ...}])
 *   // 400 invalid_value, param 'temperature', "Invalid value for 'temperature': must be <= 2."
 */
export function errorFromValidation(errors: readonly AjvError[] | null | undefined): ApiError {
  const list = [...(errors ?? [])].sort(
    (a, b) => rank(a) - rank(b) || b.instancePath.length - a.instancePath.length,
  );
  const e = list[0];
  if (!e) return new ApiError('invalid_value', 'The request is invalid.', null);
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') {
    const name = String(params.additionalProperty);
    const param = toParam(e.instancePath, name);
    return new ApiError('unknown_parameter', `Unrecognized request argument supplied: ${param}`, param);
  }
  if (e.keyword === 'required') {
    const param = toParam(e.instancePath, String(params.missingProperty));
    return new ApiError('missing_required_parameter', `Missing required parameter: '${param}'.`, param);
  }
  const param = toParam(e.instancePath);
  if (e.instancePath === '/requestBody' || e.instancePath === '') {
    return new ApiError('invalid_type', 'The request body must be a JSON object.', null);
  }
  if (e.keyword === 'type') {
    return new ApiError('invalid_type', `Invalid type for '${param}': ${e.message}.`, param);
  }
  const detail =
    e.keyword === 'enum'
      ? `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`
      : (e.message ?? 'is not allowed');
  return new ApiError('invalid_value', `Invalid value for '${param}': ${detail}.`, param);
}
