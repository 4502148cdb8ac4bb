import { ApiError } from '../errors';

/** The abort reason used when the client went away; nothing is reported to anyone then. */
export const CLIENT_GONE = Symbol('client gone');

/**
 * What a backend failure is reported as, or `undefined` when the client left and nothing should
 * be written. A backend's ApiError (`upstream_error`, `timeout`, …) keeps its code; a timeout
 * that aborted the backend wins over the abort error it caused; anything else is `backend_error`
 * with a message that reveals nothing of the cause.
 */
export function toFailure(err: unknown, signal: AbortSignal): ApiError | undefined {
  if (signal.aborted) {
    if (signal.reason === CLIENT_GONE) return undefined;
    if (signal.reason instanceof ApiError) return signal.reason;
  }
  if (err instanceof ApiError) return err;
  return new ApiError('backend_error', 'The backend failed while generating the completion.', null, {
    cause: err,
  });
}

/** A backend broke the event protocol (unknown choice, content after finish, …). */
export function protocolError(detail: string): Error {
  return new Error(`backend protocol violation: ${detail}`);
}
