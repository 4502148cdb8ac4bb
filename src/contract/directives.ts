/**
 * The directive grammar shared by the scripted backend, the fake upstream and the harness:
 * `[[chat-contract:key=value]]` anywhere in the last user message. Unknown keys are ignored so a
 * newer harness can talk to an older server.
 */

/** Fault modes a directive can ask for. */
export const FAULT_MODES = [
  'before-first-token',
  'mid-stream',
  'hang',
  'error-frame',
  'malformed-chunk',
  'slow',
  'http-500',
] as const;
export type FaultMode = (typeof FAULT_MODES)[number] | `http-${number}`;

/**
 * Defects a directive can ask a deliberately broken upstream for: a reply that succeeds but breaks
 * one conformance rule, so a proxy's handling of it can be judged.
 */
export const DEFECT_MODES = [
  'finish-abort',
  'role-empty',
  'keepalive-data',
  'tool-args-object',
  'tool-same-index',
  'broken-utf8',
  'think-tags',
  'parity-drift',
  'service-tier-unknown',
  'buffered',
  'tool-calls-dropped',
] as const;
export type DefectMode = (typeof DEFECT_MODES)[number];

/** The parsed directives of one request. */
export interface Directives {
  fault?: FaultMode;
  /** Content tokens to produce (overrides the natural reply length). */
  tokens?: number;
  /** Delay before each token, in ms. */
  delayMs?: number;
  /** Ask for a call to this tool (must be among the request's tools): the first of `tools`. */
  tool?: string;
  /** `tool=a,b`: calls to each of these tools, in parallel (when `parallel_tool_calls` allows). */
  tools?: string[];
  /** Reasoning tokens to stream before the answer (`reasoning=N`). */
  reasoning?: number;
  /** A defect the reply should show (for a deliberately broken upstream). */
  defect?: DefectMode;
  /** For mid-stream/error-frame/malformed-chunk: how many content chunks come before the fault. */
  after?: number;
}

/** What every directive starts with: a text without it has none. */
const MARK = '[[chat-contract:';
const PATTERN = /\[\[chat-contract:([a-z-]+)=([^\]\s]*)\]\]/g;

function nonNegativeInt(value: string): number | undefined {
  if (!/^\d{1,9}$/.test(value)) return undefined;
  return Number(value);
}

function isFault(value: string): value is FaultMode {
  return (FAULT_MODES as readonly string[]).includes(value) || /^http-[1-5]\d\d$/.test(value);
}

/**
 * Reads the directives from a text; later directives of the same key win.
 * @example parseDirectives('hi [[chat-contract:fault=mid-stream]]') // { fault: 'mid-stream' }
 */
export function parseDirectives(text: string): Directives {
  const out: Directives = {};
  if (!text.includes(MARK)) return out;
  for (const [, key, value = ''] of text.matchAll(PATTERN)) {
    if (key === 'fault' && isFault(value)) out.fault = value;
    else if (key === 'tokens') out.tokens = nonNegativeInt(value) ?? out.tokens;
    else if (key === 'delay-ms') out.delayMs = nonNegativeInt(value) ?? out.delayMs;
    else if (key === 'after') out.after = nonNegativeInt(value) ?? out.after;
    else if (key === 'tool' && /^[a-zA-Z0-9_-]{1,64}(,[a-zA-Z0-9_-]{1,64}){0,7}$/.test(value)) {
      out.tools = value.split(',');
      out.tool = out.tools[0];
    } else if (key === 'reasoning') out.reasoning = nonNegativeInt(value) ?? out.reasoning;
    else if (key === 'defect' && (DEFECT_MODES as readonly string[]).includes(value))
      out.defect = value as DefectMode;
  }
  return out;
}

/** Removes every directive from a text, leaving the words a person wrote. */
export function stripDirectives(text: string): string {
  return (text.includes(MARK) ? text.replace(PATTERN, '') : text).replace(/\s+/g, ' ').trim();
}

/** Renders one directive, for clients that want to ask for a behaviour. */
export function directive(
  key: 'fault' | 'tokens' | 'delay-ms' | 'tool' | 'after' | 'reasoning' | 'defect',
  value: string | number,
): string {
  return `[[chat-contract:${key}=${value}]]`;
}

/** The text of the last user message of a conversation (string or text parts), or ''. */
export function lastUserText(messages: ReadonlyArray<{ role: string; content?: unknown }>): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role !== 'user') continue;
    if (typeof m.content === 'string') return m.content;
    if (Array.isArray(m.content)) {
      return m.content
        .map((p: unknown) =>
          p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string'
            ? (p as { text: string }).text
            : '',
        )
        .join('');
    }
    return '';
  }
  return '';
}
