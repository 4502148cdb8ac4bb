/** The reference server: express app, errors table, backends. */

export type { BackendEvent, BackendRequest, BackendYield, ChatBackend } from './backends/types';
export { eventsOf } from './backends/types';
export { ApiError, ERROR_CODES, type ErrorCode, toApiError } from './errors';
export { createApp, sendError } from './http/app';
export { DEFAULT_LIMITS, type Limits, type ServerOptions } from './options';
