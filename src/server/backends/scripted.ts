import { lastUserText, parseDirectives } from '../../contract';
import { Ticker, untilAborted } from '../abort';
import { faultError, isEarly, isMidStream } from './scripted/faults';
import { tokenLogprob } from './scripted/logprobs';
import { planReply } from './scripted/plan';
import { countPromptTokens } from './scripted/tokens';
import type { BackendEvent, BackendRequest, BackendYield, ChatBackend } from './types';

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
/** Bounds of one batch of ready events, so backpressure, timeouts and aborts act between batches. */
const BATCH_EVENTS = 64;
const BATCH_CHARS = 16 * 1024;

/**
 * The deterministic default backend: no keys, no network. It echoes the last user message word by
 * word, says which session and turn it served, and obeys the directives in that message
 * (faults, token counts, delays, tool calls, reasoning); see the README's "Directives". A seeded
 * request without a session id gets the same reply every time.
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

  async function* complete(request: BackendRequest): AsyncGenerator<BackendYield> {
    const { body, sessionKey, signal } = request;
    const directives = parseDirectives(lastUserText(body.messages));
    const fault = directives.fault;
    const turn = nextTurn(sessionKey);
    if (isEarly(fault)) throw faultError(fault!);
    if (fault === 'hang') await untilAborted(signal);

    const seeded = body.seed != null && !body.session_id;
    const plan = planReply(body, directives, { sessionKey, turn, ...(seeded ? { seed: body.seed! } : {}) });
    const top = body.logprobs ? (body.top_logprobs ?? 0) : undefined;
    const delayMs = directives.delayMs ?? (fault === 'slow' ? DEFAULT_SLOW_MS : 0);
    const failAfter = isMidStream(fault) ? (directives.after ?? DEFAULT_AFTER) : Number.POSITIVE_INFINITY;
    const n = body.n ?? 1;

    const { length, token, tools } = plan;
    // One timer and one abort listener for all the waits of a slow reply, not one per token.
    const ticker = delayMs > 0 ? new Ticker(delayMs, signal) : undefined;
    try {
      // Events ready without a wait go out together: one async step per batch, not per event.
      let batch: BackendEvent[] = [];
      let chars = 0;
      for (const text of plan.reasoning) {
        for (let choice = 0; choice < n; choice++) batch.push({ type: 'reasoning', choice, text });
      }
      for (let round = 0; round < length; round++) {
        if (round >= failAfter || delayMs > 0 || batch.length >= BATCH_EVENTS || chars >= BATCH_CHARS) {
          if (batch.length) yield batch;
          batch = [];
          chars = 0;
        }
        if (round >= failAfter) throw faultError(fault!);
        if (ticker) await ticker.wait();
        else if (signal.aborted) throw signal.reason;
        if (tools) {
          const t = tools[round]!;
          for (let choice = 0; choice < n; choice++) {
            batch.push({
              type: 'tool-call',
              choice,
              index: t.index,
              id: t.id,
              name: t.name,
              arguments: t.arguments,
            });
          }
          chars += t.arguments.length * n;
          continue;
        }
        // Built once per event, straight from the token: no plan objects to copy.
        const text = token(round);
        if (top === undefined) {
          for (let choice = 0; choice < n; choice++) batch.push({ type: 'content', choice, text });
        } else {
          const logprob = tokenLogprob(text, top);
          for (let choice = 0; choice < n; choice++) batch.push({ type: 'content', choice, text, logprob });
        }
        chars += text.length * n;
      }
      if (isMidStream(fault)) {
        if (batch.length) yield batch;
        throw faultError(fault!);
      }
      for (let choice = 0; choice < n; choice++) batch.push({ type: 'finish', choice, reason: plan.finish });
      const prompt = countPromptTokens(body.messages);
      const completion = (plan.reasoning.length + length) * n;
      batch.push({
        type: 'usage',
        usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
      });
      yield batch;
    } finally {
      ticker?.dispose();
    }
  }

  return { name: 'scripted', models: () => models, complete };
}
