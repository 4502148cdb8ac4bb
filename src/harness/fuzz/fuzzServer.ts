import { invalidCases } from './generateInvalidCases';
import { judgeResponse, type Violation } from './judgeResponse';
import type { FuzzCase } from './types';

/** Options of `fuzzServer`. */
export interface FuzzOptions {
  /** The API base, e.g. `http://127.0.0.1:8080/v1`; `/health` is looked up at its root. */
  baseUrl: string;
  /** The cases to send; generated lazily from `seed` and `count` when absent. */
  cases?: Iterable<FuzzCase>;
  seed?: number;
  count?: number;
  /** Requests in flight at once (default 16). */
  concurrency?: number;
  /** Per-request limit in ms; a slower answer is a `timeout` violation (default 10 000). */
  timeoutMs?: number;
  /** Also require the exact status a case fixes (413, 415); for the reference server. */
  exactStatus?: boolean;
  fetch?: typeof fetch;
  /** Called after each case, e.g. for a progress line. */
  onResult?: (c: FuzzCase, status: number | string) => void;
}

/** What a fuzz run found. */
export interface FuzzReport {
  cases: number;
  /** Responses per HTTP status, plus `timeout` and `network-error`. */
  byStatus: Record<string, number>;
  violations: Violation[];
  healthy: boolean;
}

/** `http://h:p/v1/` → `http://h:p`: the root that serves `/health`. */
export function rootOf(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

async function sendOne(
  c: FuzzCase,
  options: FuzzOptions,
  doFetch: typeof fetch,
): Promise<[string, Violation[]]> {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const headers: Record<string, string> = c.contentType ? { 'content-type': c.contentType } : {};
  const at = { caseIndex: c.index, caseName: c.name };
  const signal = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  try {
    // A Uint8Array body makes fetch send no Content-Type of its own.
    const res = await doFetch(url, { method: 'POST', headers, body: new Uint8Array(c.bytes), signal });
    const text = await res.text();
    return [String(res.status), judgeResponse(c, res.status, text, options)];
  } catch (err) {
    const name = (err as { name?: string })?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return [
        'timeout',
        [{ kind: 'timeout', detail: `no answer within ${options.timeoutMs ?? 10_000} ms`, ...at }],
      ];
    }
    const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
    const detail = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
    return ['network-error', [{ kind: 'network-error', detail, ...at }]];
  }
}

/**
 * Sends invalid requests to a server and reports every answer that is not a clean 4xx envelope,
 * then checks `GET /health` still answers 200.
 * @example
 * const report = await fuzzServer({ baseUrl: 'http://127.0.0.1:8080/v1', seed: 7, count: 500 });
 * if (report.violations.length) console.log(report.violations);
 */
export async function fuzzServer(options: FuzzOptions): Promise<FuzzReport> {
  const doFetch = options.fetch ?? fetch;
  const cases = (options.cases ?? invalidCases(options.seed ?? 1, options.count ?? 300))[Symbol.iterator]();
  const byStatus: Record<string, number> = {};
  const violations: Violation[] = [];
  let sent = 0;
  const worker = async () => {
    for (let step = cases.next(); !step.done; step = cases.next()) {
      const c = step.value;
      sent++;
      const [status, found] = await sendOne(c, options, doFetch);
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      violations.push(...found);
      options.onResult?.(c, status);
    }
  };
  const workers = Math.max(1, options.concurrency ?? 16);
  await Promise.all(Array.from({ length: workers }, worker));
  const healthy = await checkHealth(rootOf(options.baseUrl), doFetch, options.timeoutMs ?? 10_000);
  if (!healthy.ok) violations.push({ kind: 'unhealthy-after', detail: healthy.detail });
  violations.sort(
    (a, b) => (a.caseIndex ?? Number.MAX_SAFE_INTEGER) - (b.caseIndex ?? Number.MAX_SAFE_INTEGER),
  );
  return { cases: sent, byStatus, violations, healthy: healthy.ok };
}

async function checkHealth(root: string, doFetch: typeof fetch, timeoutMs: number) {
  try {
    const res = await doFetch(`${root}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return { ok: res.status === 200, detail: `GET /health answered ${res.status}` };
  } catch (err) {
    return { ok: false, detail: `GET /health failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}
