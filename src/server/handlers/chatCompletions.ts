import type { Request, Response } from 'express';
import type { CreateChatCompletionRequest } from '../../contract';
import { ApiError } from '../errors';
import type { ServerOptions } from '../options';

/** `POST /v1/chat/completions` for a validated body. */
export async function chatCompletions(
  _options: ServerOptions,
  _body: CreateChatCompletionRequest,
  _req: Request,
  _res: Response,
): Promise<void> {
  throw new ApiError('not_implemented', 'Chat completions are not implemented yet.');
}
