import type { Exchange, Intent, ScenarioRun } from '../types';

/** Per-request overrides a scenario may ask of the client. */
export interface SendOptions {
  /** Replace the configured headers (the auth scenario sends without or with a wrong key). */
  headers?: Record<string, string>;
  timeoutMs?: number;
  abortAfterEvents?: number;
  /** Content type of the body instead of `application/json`; null sends none. */
  contentType?: string | null;
}

/** What a scenario can use: the target, the chosen model and a recording client. */
export interface ScenarioContext {
  model: string;
  listedModels: string[];
  /** Whether the target honours `[[chat-contract:…]]` directives (fault scenarios need it). */
  faultDirectives: boolean;
  /** The user declared that the target enforces an API key (`--expect-auth`). */
  expectAuth: boolean;
  timeoutMs: number;
  /** The headers every request carries: extra `--header`s, content type and the key. */
  headers: Record<string, string>;
  /** POSTs to `/chat/completions`; a string or byte body is sent as is, an object as JSON. */
  chat(
    label: string,
    body: Record<string, unknown> | string | Uint8Array,
    options?: SendOptions,
  ): Promise<Exchange>;
  /** Contract-derived invalid requests to send (`check --fuzz N`); absent when not asked for. */
  fuzz?: { count: number; seed: number };
  /**
   * Replays a streamed conversation through the official clients (openai-node, AI SDK) and says
   * what each made of it; absent when the run was asked not to.
   */
  replayThroughClients?(
    messages: Array<{ role: 'user'; content: string }>,
    timeoutMs: number,
  ): Promise<Record<string, 'raised error' | 'looked successful' | 'hung' | 'not run'>>;
  /** GETs a path under the base URL, e.g. `/models`. */
  get(label: string, path: string, options?: SendOptions): Promise<Exchange>;
}

/** What a scenario returns; the runner adds the id, intent and the common facts. */
export type ScenarioResult = Pick<ScenarioRun, 'exchanges'> &
  Partial<Pick<ScenarioRun, 'fault' | 'facts' | 'skipped'>>;

/** A scenario: a fixed id and intent (checks are written against both) and how to drive it. */
export interface Scenario {
  id: string;
  intent: Intent;
  run(ctx: ScenarioContext): Promise<ScenarioResult>;
}

/** A one-message user conversation. */
export function ask(text: string): Array<{ role: string; content: string }> {
  return [{ role: 'user', content: text }];
}
