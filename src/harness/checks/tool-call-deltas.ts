import {
  type ChunkEvent,
  choicesOf,
  type FindingLog,
  NOT_SUCCESS_STREAM,
  parseJson,
  sequenceExchanges,
  show,
  singlePassCheck,
  streamPass,
} from '../judge';

interface ToolState {
  id: unknown;
  name: unknown;
  /** The arguments so far: the only state that grows, with the call itself. */
  args: string;
}

interface ChoiceState {
  tools: Map<number, ToolState>;
  finish?: unknown;
  /** A fragment without index: its arguments belong to no known call. */
  unindexed?: boolean;
}

type Fragment = {
  index?: unknown;
  id?: unknown;
  type?: unknown;
  function?: { name?: unknown; arguments?: unknown };
};

function given(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function readFragment(
  f: Fragment,
  state: ChoiceState,
  choiceIndex: unknown,
  c: ChunkEvent,
  log: FindingLog,
): void {
  if (!Number.isInteger(f.index) || (f.index as number) < 0) {
    log.at(c, `choice ${show(choiceIndex)}: tool_calls entry without an integer index (${show(f.index)})`);
    state.unindexed = true;
    return;
  }
  const index = f.index as number;
  const fn = typeof f.function === 'object' && f.function !== null ? f.function : {};
  const tool = state.tools.get(index);
  if (!tool) {
    const missing = [
      typeof f.id === 'string' && f.id ? '' : 'id',
      f.type === 'function' ? '' : 'type "function"',
      typeof fn.name === 'string' && fn.name ? '' : 'function.name',
    ].filter(Boolean);
    if (missing.length > 0) {
      log.at(
        c,
        `choice ${show(choiceIndex)}: the first fragment of tool call ${index} lacks ${missing.join(', ')}`,
      );
    }
    state.tools.set(index, {
      id: f.id,
      name: fn.name,
      args: typeof fn.arguments === 'string' ? fn.arguments : '',
    });
    return;
  }
  // Later fragments may leave id and name out (or blank); a different value renames the call.
  if (given(f.id) && given(tool.id) && f.id !== tool.id) {
    log.at(
      c,
      `choice ${show(choiceIndex)}: tool call ${index} changes id from ${show(tool.id)} to ${show(f.id)}`,
    );
  }
  if (given(fn.name) && given(tool.name) && fn.name !== tool.name) {
    log.at(
      c,
      `choice ${show(choiceIndex)}: tool call ${index} changes name from ${show(tool.name)} to ${show(fn.name)}`,
    );
  }
  tool.id ??= f.id;
  tool.name ??= fn.name;
  if (typeof fn.arguments === 'string') tool.args += fn.arguments;
}

/**
 * Tool-call deltas carry an integer `index`; the first fragment of each index has `id`,
 * `type: "function"` and `function.name`; a choice with tool calls finishes with `tool_calls`, and
 * each call's concatenated arguments are JSON.
 * @see https://platform.openai.com/docs/guides/function-calling#streaming
 */
export const toolCallDeltas = singlePassCheck(
  {
    id: 'tool-call-deltas',
    severity: 'must',
    rule: 'Every tool_calls delta has an integer index, the first fragment of each index has id, type "function" and function.name, later fragments keep them, a choice with tool calls finishes with "tool_calls", and each call\'s concatenated arguments are JSON.',
    offline: true,
  },
  streamPass(sequenceExchanges, NOT_SUCCESS_STREAM, ({ log }) => {
    const choices = new Map<unknown, ChoiceState>();
    return {
      // A content chunk repeating the previous frame changes nothing this rule reads.
      skipsContentRepeats: true,
      event(c) {
        if (c.kind !== 'chunk') return;
        for (const choice of choicesOf(c.json)) {
          let state = choices.get(choice.index);
          if (!state) {
            state = { tools: new Map() };
            choices.set(choice.index, state);
          }
          const calls = choice.delta?.tool_calls;
          // `tool_calls: null` is the schema check's finding; it carries no call.
          if (Array.isArray(calls)) {
            for (const f of calls) {
              if (typeof f === 'object' && f !== null)
                readFragment(f as Fragment, state, choice.index, c, log);
              else log.at(c, `choice ${show(choice.index)}: tool_calls entry is ${show(f)}, not an object`);
            }
          }
          if (choice.finish_reason !== null && choice.finish_reason !== undefined)
            state.finish ??= choice.finish_reason;
        }
      },
      end() {
        for (const [index, state] of choices) {
          if (state.tools.size === 0) continue;
          if (state.finish === 'stop') {
            log.add(`choice ${show(index)} made tool calls but finished with "stop", not "tool_calls"`);
          }
          // Arguments are only complete once the choice finished, and not when the token limit cut
          // them or fragments without an index took some pieces away.
          if (state.finish === undefined || state.finish === 'length' || state.unindexed) continue;
          for (const [toolIndex, tool] of state.tools) {
            const args = tool.args;
            if (!parseJson(args).ok) {
              log.add(
                `choice ${show(index)}, tool call ${toolIndex} (${show(tool.name)}): arguments are not JSON`,
                { evidence: [args.length > 200 ? `${args.slice(0, 200)}…` : args] },
              );
            }
          }
        }
      },
    };
  }),
);
