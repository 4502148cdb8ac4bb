import {
  type ChunkEvent,
  choicesOf,
  chunkEvents,
  eachExchange,
  entry,
  type Located,
  logAll,
  NOT_SUCCESS_STREAM,
  sequenceExchanges,
  show,
} from '../judge';
import type { Check } from '../types';

/** The argument fragments of one tool call, in arrival order. */
interface CallArgs {
  fragments: Array<{ value: unknown; chunk: ChunkEvent }>;
}

/** One choice's tool calls by index, and how it finished. */
interface ChoiceCalls {
  calls: Map<number, CallArgs>;
  finish?: unknown;
  /** A fragment without an index took pieces no call can claim. */
  unindexed?: boolean;
}

/** Collects every choice's argument fragments per tool-call index (fragments without one are skipped). */
export function collectArguments(chunks: readonly ChunkEvent[]): Map<unknown, ChoiceCalls> {
  const choices = new Map<unknown, ChoiceCalls>();
  for (const c of chunks) {
    for (const choice of choicesOf(c.json)) {
      const state = entry(choices, choice.index, (): ChoiceCalls => ({ calls: new Map() }));
      const calls = choice.delta?.tool_calls;
      if (Array.isArray(calls)) {
        for (const f of calls) {
          if (typeof f !== 'object' || f === null) continue;
          if (!Number.isInteger(f.index)) {
            state.unindexed = true;
            continue;
          }
          const fn = f.function;
          if (typeof fn !== 'object' || fn === null || !('arguments' in fn)) continue;
          const call = entry(state.calls, f.index as number, (): CallArgs => ({ fragments: [] }));
          call.fragments.push({ value: fn.arguments, chunk: c });
        }
      }
      if (choice.finish_reason !== null && choice.finish_reason !== undefined)
        state.finish ??= choice.finish_reason;
    }
  }
  return choices;
}

/** Where the first JSON value of a text ends (past its closing bracket or quote), or -1. */
export function endOfFirstValue(text: string): number {
  let depth = 0;
  let inString = false;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') {
        inString = false;
        if (depth === 0) return i + 1;
      }
      continue;
    }
    if (ch === '"') {
      inString = true;
      started = true;
    } else if (ch === '{' || ch === '[') {
      depth++;
      started = true;
    } else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0 && started) return i + 1;
    }
  }
  return -1;
}

/** Why joined arguments are not exactly one JSON value; undefined when they are. */
export function argumentsProblem(fragments: readonly string[]): string | undefined {
  const joined = fragments.join('');
  try {
    JSON.parse(joined);
    return undefined;
  } catch {
    // Told apart below.
  }
  let sofar = '';
  for (const [i, f] of fragments.entries()) {
    if (i > 0 && sofar.trim() !== '' && f.startsWith(sofar)) {
      return `fragment ${i + 1} repeats the ${sofar.length} characters sent so far: the arguments were re-sent as growing snapshots, not as increments`;
    }
    sofar += f;
  }
  const end = endOfFirstValue(joined);
  if (end > 0 && joined.slice(end).trim() !== '') {
    try {
      JSON.parse(joined.slice(0, end));
      return `one JSON value followed by ${show(excerpt(joined.slice(end)))}: the joined arguments hold more than one value`;
    } catch {
      // Not a value followed by text: plain invalid JSON.
    }
  }
  return 'the joined arguments are not JSON';
}

function excerpt(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** Every tool-arguments problem of a stream. */
export function toolArgsProblems(chunks: readonly ChunkEvent[]): Located[] {
  const out: Located[] = [];
  for (const [choiceIndex, state] of collectArguments(chunks)) {
    for (const [toolIndex, call] of state.calls) {
      const where = `choice ${show(choiceIndex)}, tool call ${toolIndex}`;
      const bad = call.fragments.find((f) => typeof f.value !== 'string');
      if (bad) {
        const kind = Array.isArray(bad.value)
          ? 'an array'
          : bad.value === null
            ? 'null'
            : typeof bad.value === 'object'
              ? 'an object'
              : `a ${typeof bad.value}`;
        out.push({
          message: `${where}: arguments sent as ${kind}, not as a string of JSON text`,
          at: bad.chunk,
        });
        continue;
      }
      // Arguments are complete only once the choice finished, and not when the token cap cut them.
      if (state.finish === undefined || state.finish === 'length' || state.unindexed) continue;
      const fragments = call.fragments.map((f) => f.value as string);
      const problem = argumentsProblem(fragments);
      if (problem) {
        const joined = fragments.join('');
        out.push({
          message: `${where}: ${problem}`,
          at: call.fragments[0]!.chunk,
          evidence: [joined.length > 200 ? `${joined.slice(0, 200)}…` : joined],
        });
      }
    }
  }
  return out;
}

/**
 * Per tool-call index, the `arguments` fragments are strings that join into exactly one JSON value:
 * no growing snapshots re-sent, no trailing text, no object in place of the string.
 * @see https://platform.openai.com/docs/guides/function-calling#streaming
 */
export const toolArgsJson: Check = {
  id: 'tool-args-json',
  severity: 'must',
  rule: 'Per tool-call index, the arguments fragments are strings that join into exactly one JSON value (no repeated snapshots, no trailing text, no object instead of a string).',
  offline: true,
  run(run) {
    return eachExchange(sequenceExchanges(run), NOT_SUCCESS_STREAM, (exchange, log) => {
      logAll(log, toolArgsProblems(chunkEvents(exchange.response.sse)));
    });
  },
};
