/**
 * For client authors: a strict chat stream reader that tells a truncated stream from a complete
 * one, an accumulator for the final answer, and a fetch guard that makes existing clients raise on
 * truncation. Loads none of the server, the harness or the official clients.
 * @example
 * import { accumulate, readChatStream } from 'chat-contract/client';
 * const answer = await accumulate(readChatStream(await fetch(url, { method: 'POST', headers, body })));
 */
export * from './accumulate';
export * from './errors';
export * from './readChatStream';
export type { ChatStreamInput } from './source';
export * from './strictFetch';
