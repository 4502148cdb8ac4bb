import type { ChatBackend } from './types';

/** The model id the scripted backend serves by default. */
export const SCRIPTED_MODEL = 'chat-contract-scripted';

/** Options of the scripted backend. */
export interface ScriptedOptions {
  models?: readonly string[];
}

/** The deterministic default backend: no keys, no network. */
export function createScriptedBackend(options: ScriptedOptions = {}): ChatBackend {
  const models = options.models?.length ? [...options.models] : [SCRIPTED_MODEL];
  return {
    name: 'scripted',
    models: () => models,
    // biome-ignore lint/correctness/useYield: filled in by the completions work
    async *complete() {
      throw new Error('not implemented');
    },
  };
}
