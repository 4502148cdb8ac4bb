import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { ask, clip, contentOf } from './answer';
import type { Probe, ProbeResult } from './types';

/** The strict schema the `json_schema` probe asks for. */
export const PROBE_SCHEMA = {
  type: 'object',
  properties: { answer: { type: 'string' }, confidence: { type: 'number' } },
  required: ['answer', 'confidence'],
  additionalProperties: false,
};

let compiled: ValidateFunction | undefined;

/** The probe schema's validator, compiled on first use (not by every command that loads the module). */
function validator(): ValidateFunction {
  compiled ??= new Ajv2020({ allErrors: true }).compile(PROBE_SCHEMA);
  return compiled;
}

/** Judges content asked for as JSON: parses (and fits the schema, when one is given) → honoured. */
export function judgeJson(parameter: string, content: string, schema: boolean): ProbeResult {
  const evidence = [`content: ${clip(content)}`];
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    return { parameter, verdict: 'ignored', evidence: ['content is not JSON', ...evidence] };
  }
  if (!schema) {
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    return {
      parameter,
      verdict: isObject ? 'honoured' : 'ignored',
      evidence: [isObject ? 'a JSON object' : 'JSON, not an object', ...evidence],
    };
  }
  const validate = validator();
  if (validate(value))
    return { parameter, verdict: 'honoured', evidence: ['valid against the schema', ...evidence] };
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
  return { parameter, verdict: 'ignored', evidence: [`does not fit the schema: ${errors}`, ...evidence] };
}

/** `response_format`: `json_object` gives a JSON object; a strict `json_schema` gives content that validates. */
export const RESPONSE_FORMAT_PROBES: readonly Probe[] = [
  {
    parameter: 'response_format json_object',
    async run(ctx) {
      const parameter = 'response_format json_object';
      const body = {
        model: ctx.model,
        messages: [{ role: 'user', content: 'Reply in JSON: an object with a greeting.' }],
        response_format: { type: 'json_object' },
      };
      const got = await ask(parameter, () => ctx.chat('json-object', body));
      return 'result' in got ? got.result : judgeJson(parameter, contentOf(got.answer), false);
    },
  },
  {
    parameter: 'response_format json_schema (strict)',
    async run(ctx) {
      const parameter = 'response_format json_schema (strict)';
      const body = {
        model: ctx.model,
        messages: [{ role: 'user', content: 'Is the sky blue? Answer with your confidence.' }],
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'probe_answer', strict: true, schema: PROBE_SCHEMA },
        },
      };
      const got = await ask(parameter, () => ctx.chat('json-schema', body));
      return 'result' in got ? got.result : judgeJson(parameter, contentOf(got.answer), true);
    },
  },
];
