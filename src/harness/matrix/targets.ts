import Ajv, { type ErrorObject } from 'ajv';
import type { Profile } from '../types';

/** How a target's fault scenarios run: not at all, by directives it honours, or through a fake upstream. */
export type TargetFaults = 'none' | 'directives' | 'upstream';

/** One target of a targets file, as written. */
export interface TargetSpec {
  /** Unique row name in the matrix. */
  name: string;
  /** What an OpenAI SDK takes, e.g. `http://127.0.0.1:8000/v1`; absent for a builtin target. */
  baseUrl?: string;
  /** The reference server, started in-process for the run. */
  builtin?: boolean;
  model?: string;
  headers?: Record<string, string>;
  /** Name of the environment variable holding the API key (never the key). */
  apiKeyEnv?: string;
  faults?: TargetFaults;
  /** Port of the fake upstream with `faults: upstream` (default 9100, or a free one for builtin). */
  upstreamPort?: number;
  profile?: Profile;
  only?: string[];
  skip?: string[];
  timeoutMs?: number;
  /** Also probe which request parameters the target honours (a parameter column group). */
  probes?: boolean;
  /** The target enforces an API key: run the `auth` scenario (as `check --expect-auth`). */
  expectAuth?: boolean;
}

/** A targets file: `{ targets: [...] }`. */
export interface TargetsFile {
  targets: TargetSpec[];
}

const ids = { type: 'array', items: { type: 'string', minLength: 1 } };

/** JSON Schema of a targets file (documented in the README). */
export const TARGETS_SCHEMA = {
  type: 'object',
  required: ['targets'],
  additionalProperties: false,
  properties: {
    targets: {
      type: 'array',
      minItems: 1,
      maxItems: 1000,
      items: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', pattern: '^[^\\s].{0,99}$' },
          baseUrl: { type: 'string', pattern: '^https?://' },
          builtin: { type: 'boolean' },
          model: { type: 'string', minLength: 1 },
          headers: { type: 'object', additionalProperties: { type: 'string' } },
          apiKeyEnv: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
          faults: { enum: ['none', 'directives', 'upstream'] },
          upstreamPort: { type: 'integer', minimum: 0, maximum: 65535 },
          profile: { enum: ['strict', 'compatible'] },
          only: ids,
          skip: ids,
          timeoutMs: { type: 'integer', minimum: 1 },
          probes: { type: 'boolean' },
          expectAuth: { type: 'boolean' },
        },
      },
    },
  },
} as const;

/** The outcome of reading a targets file: the targets, or one message per bad field. */
export type TargetsResult = { ok: true; targets: TargetSpec[] } | { ok: false; errors: string[] };

const ajv = new Ajv({ allErrors: true });
const validate = ajv.compile<TargetsFile>(TARGETS_SCHEMA);

/** `targets[1].baseUrl` from an Ajv instance path `/targets/1/baseUrl`. */
function fieldOf(path: string): string {
  const parts = path.split('/').slice(1);
  return (
    parts.reduce((out, p) => (/^\d+$/.test(p) ? `${out}[${p}]` : out ? `${out}.${p}` : p), '') || '(file)'
  );
}

function describe(e: ErrorObject): string {
  const where = fieldOf(e.instancePath);
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    return `${where === '(file)' ? extra : `${where}.${extra}`}: unknown field`;
  }
  if (e.keyword === 'required') {
    const missing = (e.params as { missingProperty: string }).missingProperty;
    return `${where === '(file)' ? missing : `${where}.${missing}`}: required`;
  }
  if (e.keyword === 'enum') {
    const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
    return `${where}: must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  if (e.keyword === 'pattern' && where.endsWith('baseUrl'))
    return `${where}: must start with http:// or https://`;
  if (e.keyword === 'pattern' && where.endsWith('apiKeyEnv'))
    return `${where}: must be an environment variable name (the key itself never goes in the file)`;
  return `${where}: ${e.message ?? 'is invalid'}`;
}

/** Rules a schema states poorly: one of baseUrl/builtin, unique names, upstream port only with upstream faults. */
function crossFieldErrors(targets: readonly TargetSpec[]): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  targets.forEach((t, i) => {
    const at = `targets[${i}]`;
    if (t.builtin && t.baseUrl) errors.push(`${at}.baseUrl: a builtin target has no baseUrl`);
    if (!t.builtin && !t.baseUrl) errors.push(`${at}.baseUrl: required (or builtin: true)`);
    if (t.builtin && t.faults === 'directives')
      errors.push(`${at}.faults: the builtin server always honours directives; use none or upstream`);
    if (t.upstreamPort !== undefined && t.faults !== 'upstream')
      errors.push(`${at}.upstreamPort: only with faults: upstream`);
    if (seen.has(t.name)) errors.push(`${at}.name: "${t.name}" is used by another target`);
    seen.add(t.name);
  });
  return errors;
}

/**
 * Reads a targets file (YAML or JSON; JSON is YAML) and validates it, reporting every bad field by
 * its path (`targets[1].baseUrl: must start with http:// or https://`). Never throws.
 * @example const r = parseTargets('targets:\n  - name: ref\n    builtin: true\n');
 */
export function parseTargets(text: string): TargetsResult {
  let value: unknown;
  try {
    // Loaded here, not with the module: only a matrix reads a targets file.
    const { parse: parseYaml } = require('yaml') as typeof import('yaml');
    value = parseYaml(text, { prettyErrors: true });
  } catch (err) {
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    return { ok: false, errors: [`(file): not YAML or JSON: ${first}`] };
  }
  if (!validate(value)) {
    const errors = [...new Set((validate.errors ?? []).map(describe))];
    return { ok: false, errors: errors.length > 0 ? errors : ['(file): invalid'] };
  }
  const cross = crossFieldErrors(value.targets);
  return cross.length > 0 ? { ok: false, errors: cross } : { ok: true, targets: value.targets };
}
