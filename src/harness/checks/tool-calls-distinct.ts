import {
  choicesOf,
  entry,
  NOT_SUCCESS_STREAM,
  sequenceExchanges,
  show,
  singlePassCheck,
  streamPass,
} from '../judge';

/** What is known of one tool-call index of a choice. */
interface Call {
  id?: string;
  /** Whether its interleaving was reported already. */
  interleaved: boolean;
}

/** One choice's parallel calls in the order they started. */
interface ChoiceCalls {
  calls: Map<number, Call>;
  /** The index of the call that started last. */
  latest?: number;
}

type Fragment = { index?: unknown; id?: unknown; function?: { arguments?: unknown } | null };

/** The problems one fragment shows, given what the choice streamed before it. */
export function fragmentProblems(f: Fragment, state: ChoiceCalls, choiceIndex: unknown): string[] {
  if (!Number.isInteger(f.index)) return [];
  const index = f.index as number;
  const where = `choice ${show(choiceIndex)}`;
  const out: string[] = [];
  const id = typeof f.id === 'string' && f.id !== '' ? f.id : undefined;
  const args = f.function?.arguments;
  const carriesArgs = typeof args === 'string' ? args !== '' : args !== undefined && args !== null;
  let call = state.calls.get(index);
  if (!call) {
    if (id !== undefined) {
      for (const [other, c] of state.calls) {
        if (c.id === id) out.push(`${where}: tool calls ${other} and ${index} share the id ${show(id)}`);
      }
    }
    call = { interleaved: false, ...(id ? { id } : {}) };
    state.calls.set(index, call);
    state.latest = index;
  } else if (id !== undefined && call.id !== undefined && id !== call.id) {
    out.push(
      `${where}: a second call (id ${show(id)}) arrives on index ${index}, already used by ${show(call.id)}: each parallel call needs its own index`,
    );
    call.id = id;
  } else if (carriesArgs && state.latest !== index && !call.interleaved) {
    call.interleaved = true;
    out.push(
      `${where}: arguments of tool call ${index} arrive after tool call ${state.latest} began: the calls' fragments interleave`,
    );
  }
  call.id ??= id;
  return out;
}

/**
 * Parallel tool calls in one choice each have their own `index` and `id`, and one call's argument
 * fragments are not mixed into another's.
 * @see https://platform.openai.com/docs/guides/function-calling#parallel-function-calling
 */
export const toolCallsDistinct = singlePassCheck(
  {
    id: 'tool-calls-distinct',
    severity: 'must',
    rule: 'Parallel tool calls in one choice each have their own index and id, and their argument fragments do not interleave into one another.',
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
          const calls = choice.delta?.tool_calls;
          if (!Array.isArray(calls)) continue;
          const state = entry(choices, choice.index, (): ChoiceCalls => ({ calls: new Map() }));
          for (const f of calls) {
            if (typeof f !== 'object' || f === null) continue;
            for (const message of fragmentProblems(f as Fragment, state, choice.index)) log.at(c, message);
          }
        }
      },
      end() {},
    };
  }),
);
