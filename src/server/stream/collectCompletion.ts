import type {
  ChatCompletion,
  ChatCompletionMessage,
  CreateChatCompletionRequest,
  FinishReason,
  ToolCall,
  Usage,
} from '../../contract';
import { type BackendEvent, type BackendYield, eventsOf, type TokenLogprob } from '../backends/types';
import { completionId } from '../ids';
import { servedTier } from '../serviceTier';
import { protocolError } from './failures';
import type { TimedEvents } from './timeouts';

interface Draft {
  text: string;
  reasoning: string;
  refusal: string;
  /** A legacy function call, once its first piece arrived. */
  functionCall?: { name: string; arguments: string };
  logprobs: TokenLogprob[];
  calls: ToolCall[];
  finish?: FinishReason;
}

function addFragment(draft: Draft, ev: Extract<BackendEvent, { type: 'tool-call' }>): void {
  let call = draft.calls[ev.index];
  if (!call) {
    call = {
      id: ev.id ?? `call_${ev.index}`,
      type: 'function',
      function: { name: ev.name ?? '', arguments: '' },
    };
    draft.calls[ev.index] = call;
  }
  if (ev.name !== undefined && !call.function.name) call.function.name = ev.name;
  call.function.arguments += ev.arguments;
}

/**
 * Reads a backend's whole reply into one `chat.completion` document; throws whatever the backend
 * threw (or a protocol error when a choice never finished).
 */
export async function collectCompletion(
  body: CreateChatCompletionRequest,
  events: TimedEvents<BackendYield>,
): Promise<ChatCompletion> {
  const n = body.n ?? 1;
  const drafts: Draft[] = Array.from({ length: n }, () => ({
    text: '',
    reasoning: '',
    refusal: '',
    logprobs: [],
    calls: [],
  }));
  let usage: Usage | undefined;
  let produced = 0;
  try {
    for (let r = await events.next(); !r.done; r = await events.next()) {
      for (const ev of eventsOf(r.value)) {
        if (ev.type === 'usage') {
          usage = ev.usage;
          continue;
        }
        const draft = drafts[ev.choice];
        if (!draft) throw protocolError(`choice ${ev.choice} of ${n}`);
        if (draft.finish) throw protocolError(`event after finish of choice ${ev.choice}`);
        if (ev.type === 'content') {
          draft.text += ev.text;
          if (ev.logprob) draft.logprobs.push(ev.logprob);
        } else if (ev.type === 'reasoning') draft.reasoning += ev.text;
        else if (ev.type === 'refusal') draft.refusal += ev.text;
        else if (ev.type === 'function-call') {
          draft.functionCall ??= { name: '', arguments: '' };
          if (ev.name !== undefined && !draft.functionCall.name) draft.functionCall.name = ev.name;
          draft.functionCall.arguments += ev.arguments;
        } else if (ev.type === 'tool-call') addFragment(draft, ev);
        else draft.finish = ev.reason;
        if (ev.type !== 'finish') produced++;
      }
    }
  } finally {
    events.close();
  }
  const choices = drafts.map((d, index) => {
    if (!d.finish) throw protocolError(`choice ${index} never finished`);
    const calls = d.calls.filter(Boolean);
    // A call or a refusal with no answer has no content, as OpenAI reports it.
    const noContent = calls.length > 0 || ((d.refusal !== '' || d.functionCall !== undefined) && !d.text);
    const message: ChatCompletionMessage = { role: 'assistant' as const, content: noContent ? null : d.text };
    if (calls.length) message.tool_calls = calls;
    if (d.functionCall) message.function_call = d.functionCall;
    if (d.refusal) message.refusal = d.refusal;
    if (d.reasoning) message.reasoning_content = d.reasoning;
    const logprobs = d.logprobs.length ? { content: d.logprobs, refusal: null } : null;
    return { index, message, finish_reason: d.finish, logprobs };
  });
  const tier = servedTier(body.service_tier);
  return {
    id: completionId(),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices,
    usage: usage ?? { prompt_tokens: 0, completion_tokens: produced, total_tokens: produced },
    ...(tier ? { service_tier: tier } : {}),
  };
}
