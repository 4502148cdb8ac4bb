import { readUpstreamLog } from '../harness/record/upstreamLog';
import { loadStart } from './lazy';

/** Port `check --fault-upstream` puts the fake upstream on when none is given. */
export const DEFAULT_FAULT_UPSTREAM_PORT = 9100;

/** How long `check --fault-upstream` waits for a target to answer `GET /models`. */
export const TARGET_WAIT_MS = 60_000;

/** A fake upstream the check uses: started by it, or one already listening on the port. */
export interface FaultUpstream {
  /** The OpenAI base URL the target must be configured with, e.g. `http://127.0.0.1:9100/v1`. */
  baseUrl: string;
  /** True when a fake upstream already listened on the port and is reused (not stopped after). */
  reused: boolean;
  close(): Promise<void>;
}

/**
 * Reuses the fake upstream already listening on `127.0.0.1:port` (its request log answers), else
 * starts one there (port 0 picks a free port).
 * @example const up = await faultUpstreamOn(9100); console.error(up.baseUrl); await up.close();
 */
export async function faultUpstreamOn(port: number): Promise<FaultUpstream> {
  if (port !== 0) {
    const existing = `http://127.0.0.1:${port}/v1`;
    if (await readUpstreamLog(existing)) return { baseUrl: existing, reused: true, close: async () => {} };
  }
  const started = await loadStart().startFakeUpstream({ host: '127.0.0.1', port });
  return { baseUrl: started.baseUrl, reused: false, close: () => started.close() };
}

/**
 * Polls `GET {baseUrl}/models` until the target answers at all or `waitMs` passes; the run's own
 * preflight then reports an unreachable target.
 */
export async function waitForTarget(
  baseUrl: string,
  waitMs = TARGET_WAIT_MS,
  headers: Record<string, string> = {},
): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; attempt < 10_000; attempt++) {
    try {
      await fetch(`${baseUrl.replace(/\/+$/, '')}/models`, { headers, signal: AbortSignal.timeout(2000) });
      return true;
    } catch {
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  return false;
}
