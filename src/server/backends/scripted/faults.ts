import type { FaultMode } from '../../../contract';
import { ApiError, type ErrorCode } from '../../errors';

/** Client-error statuses a scripted `fault=http-NNN` maps onto our own codes. */
const BY_STATUS: Record<number, ErrorCode> = {
  400: 'invalid_value',
  401: 'invalid_api_key',
  404: 'not_found',
  408: 'request_timeout',
  413: 'body_too_large',
  429: 'session_busy',
};

/**
 * The error a scripted fault throws. Server-side statuses (5xx) and anything without a code of
 * its own become a plain Error, which the handler reports as `backend_error`: a fault is never a success.
 */
export function faultError(mode: FaultMode): Error {
  const status = /^http-(\d{3})$/.exec(mode)?.[1];
  const code = status ? BY_STATUS[Number(status)] : undefined;
  if (code) return new ApiError(code, `The scripted backend was asked to fail with HTTP ${status}.`);
  return new Error(`scripted fault: ${mode}`);
}

/** Faults that break a reply after some content was produced. */
export function isMidStream(mode: FaultMode | undefined): boolean {
  return mode === 'mid-stream' || mode === 'error-frame' || mode === 'malformed-chunk';
}

/** Faults that fail before the first event. */
export function isEarly(mode: FaultMode | undefined): boolean {
  return mode === 'before-first-token' || (mode?.startsWith('http-') ?? false);
}
