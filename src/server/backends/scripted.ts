import {
  type CreateChatCompletionRequest,
  type Directives,
  lastUserText,
  parseDirectives,
} from '../../contract';
import { untilAborted } from '../stream/abort';
import { faultError, isEarly, isMidStream } from './scripted/faults';
import { tokenLogprob } from './scripted/logprobs';
import { PacedReply, type PacedScript } from './scripted/paced';
import { type Plan, planReply } from './scripted/plan';
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

  function complete(request: BackendRequest): AsyncIterable<BackendYield> {
    const directives = parseDirectives(lastUserText(request.body.messages));
    const fault = directives.fault;
    const delayMs = directives.delayMs ?? (fault === 'slow' ? DEFAULT_SLOW_MS : 0);
    // A paced reply is an iterator written by hand (one promise per wait); the rest a generator.
    if (delayMs > 0 && !isEarly(fault) && fault !== 'hang') return paced(request, directives, delayMs);
    return generate(request, directives);
  }

  function paced(
    request: BackendRequest,
    directives: Directives,
    delayMs: number,
  ): AsyncIterable<BackendYield> {
    const { body, sessionKey, signal } = request;
    const plan = planFor(body, directives, sessionKey, nextTurn(sessionKey));
    return new PacedReply(new PacedPlan(body, plan, directives, delayMs), signal);
  }

  async function* generate(request: BackendRequest, directives: Directives): AsyncGenerator<BackendYield> {
    const { body, sessionKey, signal } = request;
    const fault = directives.fault;
    const turn = nextTurn(sessionKey);
    if (isEarly(fault)) throw faultError(fault!);
    if (fault === 'hang') await untilAborted(signal);

    const plan = planFor(body, directives, sessionKey, turn);
    const failAfter = isMidStream(fault) ? (directives.after ?? DEFAULT_AFTER) : Number.POSITIVE_INFINITY;
    const n = body.n ?? 1;
    const top = logprobsTop(body);
    // Events ready without a wait go out together: one async step per batch, not per event.
    let batch: BackendEvent[] = [];
    let chars = reasoningEvents(plan, n, batch);
    for (let round = 0; round < plan.length; round++) {
      if (round >= failAfter || batch.length >= BATCH_EVENTS || chars >= BATCH_CHARS) {
        if (batch.length) yield batch;
        batch = [];
        chars = 0;
        if (round >= failAfter) throw faultError(fault!);
        // Only a yield lets an abort in, so it is checked when the consumer comes back for more.
        if (signal.aborted) throw signal.reason;
      }
      chars += roundEvents(plan, n, round, batch, top);
    }
    if (isMidStream(fault)) {
      if (batch.length) yield batch;
      throw faultError(fault!);
    }
    yield closingEvents(body, plan, n, batch);
  }

  return { name: 'scripted', models: () => models, complete };
}

/**
 * A paced reply's script: the plan's rounds, one per wait. A class rather than closures over the
 * request, so each of thousands of slow replies holds one small object while it waits.
 */
class PacedPlan implements PacedScript {
  readonly rounds: number;
  readonly failAt: number;
  private readonly n: number;
  private readonly top: number | undefined;
  private readonly fault: Directives['fault'];

  constructor(
    private readonly body: CreateChatCompletionRequest,
    private readonly plan: Plan,
    directives: Directives,
    readonly delayMs: number,
  ) {
    this.fault = directives.fault;
    this.rounds = plan.length;
    this.failAt = isMidStream(this.fault) ? (directives.after ?? DEFAULT_AFTER) : Number.POSITIVE_INFINITY;
    this.n = body.n ?? 1;
    this.top = logprobsTop(body);
  }

  round(round: number): BackendEvent[] {
    const events: BackendEvent[] = [];
    // Reasoning is not paced: it leaves with the first token.
    if (round === 0) reasoningEvents(this.plan, this.n, events);
    roundEvents(this.plan, this.n, round, events, this.top);
    return events;
  }

  closing(): BackendEvent[] | Error {
    return isMidStream(this.fault)
      ? faultError(this.fault!)
      : closingEvents(this.body, this.plan, this.n, []);
  }

  faultError(): Error {
    return faultError(this.fault!);
  }
}

/**
 * The reply's plan. A request with a `seed` and no `session_id` is planned from its seed, so the
 * same seeded request gets the same reply (what `seed` promises, and what parity checks need).
 */
function planFor(
  body: CreateChatCompletionRequest,
  directives: Directives,
  sessionKey: string,
  turn: number,
): Plan {
  const seeded = body.seed != null && !body.session_id;
  return planReply(body, directives, { sessionKey, turn, ...(seeded ? { seed: body.seed! } : {}) });
}

/** How many alternatives `logprobs` asked for per token, or undefined when it did not ask. */
function logprobsTop(body: CreateChatCompletionRequest): number | undefined {
  return body.logprobs ? (body.top_logprobs ?? 0) : undefined;
}

/** Appends the reasoning events (before the answer, per choice) to `out`; returns their characters. */
function reasoningEvents(plan: Plan, n: number, out: BackendEvent[]): number {
  let chars = 0;
  for (const text of plan.reasoning) {
    for (let choice = 0; choice < n; choice++) out.push({ type: 'reasoning', choice, text });
    chars += text.length * n;
  }
  return chars;
}

/**
 * Appends the events of one round (one token or tool-call fragment per choice) to `out`; returns
 * the characters they carry (what bounds a batch's size).
 */
function roundEvents(plan: Plan, n: number, round: number, out: BackendEvent[], top?: number): number {
  if (plan.tools) {
    const t = plan.tools[round]!;
    for (let choice = 0; choice < n; choice++) {
      out.push({ type: 'tool-call', choice, index: t.index, id: t.id, name: t.name, arguments: t.arguments });
    }
    return t.arguments.length * n;
  }
  // Built once per event, straight from the token: no plan objects to copy.
  const text = plan.token(round);
  if (top === undefined) {
    for (let choice = 0; choice < n; choice++) out.push({ type: 'content', choice, text });
  } else {
    const logprob = tokenLogprob(text, top);
    for (let choice = 0; choice < n; choice++) out.push({ type: 'content', choice, text, logprob });
  }
  return text.length * n;
}

/** Appends the events that end a successful reply (finish per choice, then usage) to `out`. */
function closingEvents(
  body: CreateChatCompletionRequest,
  plan: Plan,
  n: number,
  out: BackendEvent[],
): BackendEvent[] {
  for (let choice = 0; choice < n; choice++) out.push({ type: 'finish', choice, reason: plan.finish });
  const prompt = countPromptTokens(body.messages);
  const completion = (plan.reasoning.length + plan.length) * n;
  out.push({
    type: 'usage',
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
  });
  return out;
}
