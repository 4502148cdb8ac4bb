/**
 * Wire types of the contract. The only module that imports `generated/`; everything else imports
 * these names from `src/contract`.
 * @see ../../openapi.yaml
 */
import type { components, paths } from '../../generated/openapi';

type Schemas = components['schemas'];

export type { components, paths };
export type CreateChatCompletionRequest = Schemas['CreateChatCompletionRequest'];
export type ChatMessage = Schemas['ChatMessage'];
export type ContentPart = Schemas['ContentPart'];
export type Tool = Schemas['Tool'];
export type ToolChoice = Schemas['ToolChoice'];
export type FinishReason = Schemas['FinishReason'];
export type Usage = Schemas['Usage'];
export type ToolCall = Schemas['ToolCall'];
export type ToolCallChunk = Schemas['ToolCallChunk'];
export type ChatCompletion = Schemas['ChatCompletion'];
export type ChatCompletionChoice = Schemas['ChatCompletionChoice'];
export type ChatCompletionMessage = Schemas['ChatCompletionMessage'];
export type ChatCompletionChunk = Schemas['ChatCompletionChunk'];
export type ChatCompletionChunkChoice = Schemas['ChatCompletionChunkChoice'];
export type ChatCompletionChunkDelta = Schemas['ChatCompletionChunkDelta'];
export type ChatCompletionModeration = Schemas['ChatCompletionModeration'];
export type CustomToolCall = Schemas['CustomToolCall'];
export type ErrorObject = Schemas['ErrorObject'];
export type ErrorResponse = Schemas['ErrorResponse'];
export type Model = Schemas['Model'];
export type ModelList = Schemas['ModelList'];
export type Health = Schemas['Health'];

/** Names of the component schemas, for `compileSchema`. */
export type SchemaName = keyof Schemas;
