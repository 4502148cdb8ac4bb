import {
  choicesOf,
  entry,
  type FindingDetail,
  type FindingLog,
  NOT_SUCCESS_STREAM,
  sequenceExchanges,
  show,
  singlePassCheck,
  streamPass,
} from '../judge';

/** What one tool call's argument fragments came to, kept as they arrive. */
interface CallArgs {
  /** The string fragments joined so far. */
  joined: string;
  fragments: number;
  /** The first fragment that re-sent everything before it, as a growing snapshot. */
  repeat?: string;
  /** The 1-based event of the first fragment, and the 1-based number of its first raw line. */
  firstEvent: number;
  firstLine?: number;
  /** The first fragment that was not a string, and its quoted event. */
  bad?: { value: unknown; detail: FindingDetail };
}

/** One choice's tool calls by index, and how it finished. */
interface ChoiceCalls {
  calls: Map<number, CallArgs>;
  finish?: unknown;
  /** A fragment without an index took pieces no call can claim. */
  unindexed?: boolean;
}

/** Adds one fragment to a call: the growing-snapshot test looks at what was sent before it. */
function addFragment(call: CallArgs, fragment: string): void {
  const sofar = call.joined;
  if (call.repeat === undefined && call.fragments > 0 && sofar.trim() !== '' && fragment.startsWith(sofar)) {
    call.repeat = `fragment ${call.fragments + 1} repeats the ${sofar.length} characters sent so far: the arguments were re-sent as growing snapshots, not as increments`;
  }
  call.joined += fragment;
  call.fragments++;
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
  const call: CallArgs = { joined: '', fragments: 0, firstEvent: 0 };
  for (const f of fragments) addFragment(call, f);
  return joinedProblem(call);
}

/** Why a call's joined arguments are not exactly one JSON value; undefined when they are. */
function joinedProblem(call: CallArgs): string | undefined {
  const joined = call.joined;
  try {
    JSON.parse(joined);
    return undefined;
  } catch {
    // Told apart below.
  }
  if (call.repeat !== undefined) return call.repeat;
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

/** How a fragment that is not a string was sent. */
function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Every tool-arguments problem of one choice, once the stream ended. */
function logChoice(log: FindingLog, choiceIndex: unknown, state: ChoiceCalls): void {
  for (const [toolIndex, call] of state.calls) {
    const where = `choice ${show(choiceIndex)}, tool call ${toolIndex}`;
    if (call.bad) {
      log.add(
        `${where}: arguments sent as ${kindOf(call.bad.value)}, not as a string of JSON text`,
        call.bad.detail,
      );
      continue;
    }
    // Arguments are complete only once the choice finished, and not when the token cap cut them.
    if (state.finish === undefined || state.finish === 'length' || state.unindexed) continue;
    const problem = joinedProblem(call);
    if (problem) {
      const joined = call.joined;
      log.add(`${where}: ${problem}`, {
        event: call.firstEvent,
        ...(call.firstLine ? { lines: [call.firstLine] } : {}),
        evidence: [joined.length > 200 ? `${joined.slice(0, 200)}…` : joined],
      });
    }
  }
}

/**
 * Per tool-call index, the `arguments` fragments are strings that join into exactly one JSON value:
 * no growing snapshots re-sent, no trailing text, no object in place of the string.
 * @see https://platform.openai.com/docs/guides/function-calling#streaming
 */
export const toolArgsJson = singlePassCheck(
  {
    id: 'tool-args-json',
    severity: 'must',
    rule: 'Per tool-call index, the arguments fragments are strings that join into exactly one JSON value (no repeated snapshots, no trailing text, no object instead of a string).',
    offline: true,
  },
  streamPass(sequenceExchanges, NOT_SUCCESS_STREAM, ({ log }) => {
    const choices = new Map<unknown, ChoiceCalls>();
    return {
      // A content chunk repeating the previous frame changes nothing this rule reads.
      skipsContentRepeats: true,
      event(c) {
        if (c.kind !== 'chunk') return;
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
              const call = entry(
                state.calls,
                f.index as number,
                (): CallArgs => ({
                  joined: '',
                  fragments: 0,
                  firstEvent: c.event.index + 1,
                  firstLine: c.event.firstLine + 1,
                }),
              );
              if (call.bad) continue;
              if (typeof fn.arguments === 'string') addFragment(call, fn.arguments);
              else call.bad = { value: fn.arguments, detail: log.detail(c) };
            }
          }
          if (choice.finish_reason !== null && choice.finish_reason !== undefined)
            state.finish ??= choice.finish_reason;
        }
      },
      end() {
        for (const [index, state] of choices) logChoice(log, index, state);
      },
    };
  }),
);
