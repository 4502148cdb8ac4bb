import { directive, type FaultMode } from '../../contract';
import type { Scenario } from './types';

/** Why fault scenarios are skipped when the target cannot be told to fail. */
export const NO_FAULTS =
  'no way to inject faults: pass --fault-directives if the target honours [[chat-contract:…]] directives, or --fault-upstream if it proxies to an upstream';

/** Longest the harness waits on a stream that was told to hang. */
export const HANG_READ_MS = 5000;

function fault(id: string, mode: FaultMode, extra = ''): Scenario {
  return {
    id,
    intent: 'fault',
    run: async (ctx) => {
      if (!ctx.faultDirectives) return { exchanges: [], fault: mode, skipped: NO_FAULTS };
      const messages = [
        { role: 'user' as const, content: `Tell me a story. ${directive('fault', mode)}${extra}` },
      ];
      const timeoutMs = mode === 'hang' ? Math.min(ctx.timeoutMs, HANG_READ_MS) : ctx.timeoutMs;
      const exchange = await ctx.chat('stream', { model: ctx.model, messages, stream: true }, { timeoutMs });
      // What the official clients make of the same fault: a failure only counts if they raise it.
      const clientOutcomes = await ctx.replayThroughClients?.(messages, timeoutMs);
      return { exchanges: [exchange], fault: mode, ...(clientOutcomes ? { facts: { clientOutcomes } } : {}) };
    },
  };
}

/** Injected failures: the server must report each as a failure, never as a success. */
export const FAULT_SCENARIOS: readonly Scenario[] = [
  fault('fault-before-first-token', 'before-first-token'),
  fault('fault-mid-stream', 'mid-stream', `${directive('tokens', 20)}${directive('after', 3)}`),
  fault('fault-hang', 'hang'),
  fault('fault-error-frame', 'error-frame', `${directive('tokens', 20)}${directive('after', 3)}`),
  fault('fault-malformed-chunk', 'malformed-chunk', `${directive('tokens', 20)}${directive('after', 3)}`),
  fault('fault-http-500', 'http-500'),
];
