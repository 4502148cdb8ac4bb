import type { FuzzCase } from './types';

/** What went wrong with the answer to one invalid request. */
export type ViolationKind =
  | 'not-4xx'
  | 'wrong-status'
  | 'not-json'
  | 'not-an-envelope'
  | 'leaks-internals'
  | 'timeout'
  | 'network-error'
  | 'unhealthy-after';

/** One violation, with enough evidence to replay the case. */
export interface Violation {
  kind: ViolationKind;
  /** The case's index and name; absent for the final health check. */
  caseIndex?: number;
  caseName?: string;
  status?: number;
  detail: string;
  /** The first 500 characters of the response body. */
  body?: string;
}

/** A stack frame or a source path in a response: internals no client should see. */
export const LEAK_PATTERN = /\n\s+at |\/(src|dist|node_modules)\//;

function isEnvelope(value: unknown): boolean {
  const error = (value as { error?: unknown } | null)?.error as Record<string, unknown> | undefined;
  if (!error || typeof error !== 'object') return false;
  const nullableString = (v: unknown) => v === null || typeof v === 'string';
  return (
    typeof error.message === 'string' &&
    typeof error.type === 'string' &&
    nullableString(error.param) &&
    nullableString(error.code) &&
    'param' in error &&
    'code' in error
  );
}

/**
 * Judges the answer to one invalid request: a 4xx (the exact status when `exactStatus` and the case
 * fixes one), a JSON body in the OpenAI envelope, and no stack trace or file path.
 * @see https://platform.openai.com/docs/guides/error-codes
 */
export function judgeResponse(
  c: FuzzCase,
  status: number,
  text: string,
  options: { exactStatus?: boolean } = {},
): Violation[] {
  const out: Violation[] = [];
  const at = { caseIndex: c.index, caseName: c.name, status, body: text.slice(0, 500) };
  if (status < 400 || status > 499)
    out.push({ kind: 'not-4xx', detail: `expected 4xx, got ${status}`, ...at });
  else if (options.exactStatus && c.wantStatus && status !== c.wantStatus) {
    out.push({ kind: 'wrong-status', detail: `expected ${c.wantStatus}, got ${status}`, ...at });
  }
  if (LEAK_PATTERN.test(text))
    out.push({ kind: 'leaks-internals', detail: 'stack trace or source path in the body', ...at });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    out.push({ kind: 'not-json', detail: 'the body is not JSON', ...at });
    return out;
  }
  if (!isEnvelope(parsed)) {
    out.push({
      kind: 'not-an-envelope',
      detail: 'expected {"error":{"message","type","param","code"}}',
      ...at,
    });
  }
  return out;
}
