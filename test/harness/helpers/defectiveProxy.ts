import { bypass, HttpResponse, http } from 'msw';

/** Where the simulated target lives; msw answers it, nothing listens there. */
export const DEFECTIVE_BASE = 'http://127.0.0.1:9/v1';

/** A defect applied to the reference server's answers. */
export interface Defect {
  /** Rewrites one SSE event block (without its blank line); return null to drop it. */
  event?: (block: string, index: number) => string | null;
  /** Answers a POST instead of the reference server, e.g. 200 to an invalid request. */
  answer?: (body: string) => Response | undefined;
}

/** Splits SSE text into event blocks as it streams, rewriting each through `defect.event`. */
function rewriting(body: ReadableStream<Uint8Array>, defect: Defect): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let pending = '';
  let index = 0;
  const emit = (controller: TransformStreamDefaultController<Uint8Array>, block: string) => {
    const out = defect.event ? defect.event(block, index++) : block;
    if (out !== null) controller.enqueue(encoder.encode(`${out}\n\n`));
  };
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        pending += decoder.decode(chunk, { stream: true });
        let cut = pending.indexOf('\n\n');
        while (cut >= 0) {
          emit(controller, pending.slice(0, cut));
          pending = pending.slice(cut + 2);
          cut = pending.indexOf('\n\n');
        }
      },
      flush(controller) {
        if (pending) controller.enqueue(encoder.encode(pending));
      },
    }),
  );
}

/**
 * msw handlers for a target that is the reference server (at `realBase`) with one defect: a way to
 * simulate each kind of broken server without writing one.
 */
export function defectiveTarget(realBase: string, defect: Defect) {
  return http.all(`${DEFECTIVE_BASE}/*`, async ({ request }) => {
    const path = new URL(request.url).pathname.replace(/^\/v1/, '');
    const text = request.method === 'POST' ? await request.clone().text() : '';
    const replaced = request.method === 'POST' ? defect.answer?.(text) : undefined;
    if (replaced) return replaced;
    const real = await fetch(
      bypass(
        new Request(`${realBase}${path}`, {
          method: request.method,
          headers: request.headers,
          ...(request.method === 'POST' ? { body: text } : {}),
        }),
      ),
    );
    const headers: Record<string, string> = {};
    real.headers.forEach((value, name) => {
      if (name !== 'content-length') headers[name] = value;
    });
    const isSse = (real.headers.get('content-type') ?? '').startsWith('text/event-stream');
    const body = isSse && real.body ? rewriting(real.body, defect) : real.body;
    return new HttpResponse(body, { status: real.status, headers });
  });
}
