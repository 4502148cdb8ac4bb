import { directive, type FaultMode } from '../../contract';
import { ask, type Scenario } from './types';

/** Why fault scenarios are skipped when the target cannot be told to fail. */
export const NO_FAULTS =
  'no way to inject faults: pass --fault-directives if the target honours [[chat-contract:…]] directives';

/** Longest the harness waits on a stream that was told to hang. */
export const HANG_READ_MS = 5000;

function fault(id: string, mode: FaultMode, extra = ''): Scenario {
  return {
    id,
    intent: 'fault',
    run: async (ctx) => {
      if (!ctx.faultDirectives) return { exchanges: [], fault: mode, skipped: NO_FAULTS };
      const text = `Tell me a story. ${directive('fault', mode)}${extra}`;
      const options = mode === 'hang' ? { timeoutMs: Math.min(ctx.timeoutMs, HANG_READ_MS) } : {};
      const exchange = await ctx.chat(
        'stream',
        { model: ctx.model, messages: ask(text), stream: true },
        options,
      );
      return { exchanges: [exchange], fault: mode };
    },
  };
}

/** Injected failures: the server must report each as a failure, never as a success. */
export const FAULT_SCENARIOS: readonly Scenario[] = [
  fault('fault-before-first-token', 'before-first-token'),
  fault('fault-mid-stream', 'mid-stream', `${directive('tokens', 20)}${directive('after', 3)}`),
  fault('fault-hang', 'hang'),
];
