import type { StreamPlan } from './soakPlan';
import type { StreamResult } from './soakStream';

/**
 * The ways a soak stream can be lost or wrong; empty when it is correct. A normal stream has every
 * chunk and exactly one `[DONE]`, last; a mid-stream fault ends with one error frame and no finish
 * or `[DONE]`; a fault before the first token is a 5xx envelope; an abort is only ever the
 * client's doing.
 * @see ../../../openapi.yaml (createChatCompletion: failure rules)
 */
export function judgeStream(plan: StreamPlan, r: StreamResult): string[] {
  const problems: string[] = [];
  const want = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  if (r.timedOut) return ['no end within the time limit'];
  if (r.networkError) return [`network error: ${r.networkError}`];
  want(r.malformed === 0, `${r.malformed} event(s) neither JSON nor [DONE]`);
  switch (plan.kind) {
    case 'normal':
      want(r.status === 200, `status ${r.status}, want 200`);
      want(/^text\/event-stream/.test(r.contentType), `content-type ${r.contentType}`);
      want(r.contentChunks === plan.tokens, `${r.contentChunks} content chunks, want ${plan.tokens}`);
      want(r.finishChunks === 1, `${r.finishChunks} finish chunks, want 1`);
      want(r.doneEvents === 1 && r.lastEvent === 'done', `${r.doneEvents} [DONE], last event ${r.lastEvent}`);
      want(r.errorFrames === 0, `${r.errorFrames} error frame(s) in a normal stream`);
      break;
    case 'fault-mid':
      want(r.status === 200, `status ${r.status}, want 200 then an in-band error`);
      want(
        r.errorFrames === 1 && r.lastEvent === 'error',
        `${r.errorFrames} error frames, last event ${r.lastEvent}`,
      );
      want(r.finishChunks === 0 && r.doneEvents === 0, 'a success terminator after a mid-stream fault');
      want(
        r.contentChunks === plan.after,
        `${r.contentChunks} content chunks before the fault, want ${plan.after}`,
      );
      break;
    case 'fault-early':
      want(r.status !== undefined && r.status >= 500, `status ${r.status}, want 5xx`);
      want(r.errorEnvelope, 'the error body is not the OpenAI envelope');
      want(r.lastEvent === 'none', 'events after a failure before the first token');
      break;
    case 'abort':
      want(r.status === 200, `status ${r.status}, want 200`);
      want(r.aborted, 'the stream ended before the client could leave');
      want(r.errorFrames === 0 && r.doneEvents === 0, 'an error or [DONE] before the client left');
      break;
  }
  return problems;
}
