import type { Model, ModelList } from '../../contract';
import type { ChatBackend } from '../backends/types';
import { ApiError } from '../errors';

const CREATED = 1_700_000_000;

function describe(id: string): Model {
  return { id, object: 'model', created: CREATED, owned_by: 'chat-contract' };
}

/** `GET /v1/models`: the backend's models. */
export function listModels(backend: ChatBackend): ModelList {
  return { object: 'list', data: backend.models().map(describe) };
}

/** `GET /v1/models/{model}`: one model, or 404 `model_not_found`. */
export function retrieveModel(backend: ChatBackend, id: string): Model {
  if (!backend.models().includes(id)) throw modelNotFound(id);
  return describe(id);
}

/** The error OpenAI answers for a model it does not serve. */
export function modelNotFound(id: string): ApiError {
  return new ApiError(
    'model_not_found',
    `The model '${id}' does not exist or you do not have access to it.`,
    'model',
  );
}
