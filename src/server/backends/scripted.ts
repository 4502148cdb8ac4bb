import { lastUserText, parseDirectives } from '../../contract';
import { sleep, untilAborted } from '../abort';
import { faultError, isEarly, isMidStream } from './scripted/faults';
import { planReply } from './scripted/plan';
import { countPromptTokens } from './scripted/tokens';
import type { BackendEvent, BackendRequest, ChatBackend } from './types';

/** The model id the scripted backend serves by default. */
export const SCRIPTED_MODEL = 'chat-contract-scripted';

/** Options of the scripted backend. */
export interface ScriptedOptions {
  models?: readonly string[];
}

/** Content tokens a mid-stream fault lets through when `after` is not given. */
const DEFAULT_AFTER = 2;
/** Delay per token of `fault=slow` when `delay-ms` is not given. */
const DEFAULT_SLOW_MS = 50;
/** Sessions whose turn count is remembered; the oldest is forgotten first. */
const MAX_SESSIONS = 10_000;

/**
 * The deterministic default backend: no keys, no network. It echoes the last user message word by
 * word, says which session and turn it served, and obeys the directives in that message
 * (faults, token counts, delays, tool calls); see the README's "Directives".
 * @example
 * const backend = createScriptedBackend();
 * for await (const ev of backend.complete({ body, sessionKey: 'api:a', signal, requestId: 'r1' })) {}
 */
export function createScriptedBackend(options: ScriptedOptions = {}): ChatBackend {
  const models = options.models?.length ? [...options.models] : [SCRIPTED_MODEL];
  const turns = new Map<string, number>();

  function nextTurn(sessionKey: string): number {
    const turn = (turns.get(sessionKey) ?? 0) + 1;
    turns.delete(sessionKey);
    turns.set(sessionKey, turn);
    if (turns.size > MAX_SESSIONS) turns.delete(turns.keys().next().value!);
    return turn;
  }

  async function* complete(request: BackendRequest): AsyncGenerator<BackendEvent> {
    const { body, sessionKey, signal } = request;
    const directives = parseDirectives(lastUserText(body.messages));
    const fault = directives.fault;
    const turn = nextTurn(sessionKey);
    if (isEarly(fault)) throw faultError(fault!);
    if (fault === 'hang') await untilAborted(signal);

    const plan = planReply(body, directives, { sessionKey, turn });
    const delayMs = directives.delayMs ?? (fault === 'slow' ? DEFAULT_SLOW_MS : 0);
    const failAfter = isMidStream(fault) ? (directives.after ?? DEFAULT_AFTER) : Number.POSITIVE_INFINITY;
    const n = body.n ?? 1;

    const { length, token, tools } = plan;
    for (let round = 0; round < length; round++) {
      if (round >= failAfter) throw faultError(fault!);
      if (delayMs > 0) await sleep(delayMs, signal);
      else if (signal.aborted) throw signal.reason;
      if (tools) {
        const t = tools[round]!;
        for (let choice = 0; choice < n; choice++) {
          yield { type: 'tool-call', choice, index: t.index, id: t.id, name: t.name, arguments: t.arguments };
        }
        continue;
      }
      // Built once per event, straight from the token: no plan objects to copy.
      const text = token(round);
      for (let choice = 0; choice < n; choice++) yield { type: 'content', choice, text };
    }
    if (isMidStream(fault)) throw faultError(fault!);
    for (let choice = 0; choice < n; choice++) yield { type: 'finish', choice, reason: plan.finish };
    const prompt = countPromptTokens(body.messages);
    const completion = length * n;
    yield {
      type: 'usage',
      usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
    };
  }

  return { name: 'scripted', models: () => models, complete };
}
