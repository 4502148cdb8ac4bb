import type { Check } from '../types';
import { choiceIndexes } from './choice-indexes';
import { chunkJson } from './chunk-json';
import { chunkSchema } from './chunk-schema';
import { doneTerminator } from './done-terminator';
import { finishDeltaEmpty } from './finish-delta-empty';
import { finishOnce } from './finish-once';
import { idPrefix } from './id-prefix';
import { roleFirst } from './role-first';
import { sseContentType } from './sse-content-type';
import { sseFraming } from './sse-framing';
import { stableCreated } from './stable-created';
import { stableId } from './stable-id';
import { stableModel } from './stable-model';
import { toolCallDeltas } from './tool-call-deltas';
import { usageChunk } from './usage-chunk';

/** Frame, chunk and sequence checks (one file each in this folder), in report order. */
export const STREAM_CHECKS: readonly Check[] = [
  // Frame
  sseContentType,
  sseFraming,
  chunkJson,
  // Chunk
  chunkSchema,
  // Sequence
  stableId,
  idPrefix,
  stableCreated,
  stableModel,
  roleFirst,
  finishOnce,
  finishDeltaEmpty,
  doneTerminator,
  usageChunk,
  toolCallDeltas,
  choiceIndexes,
];
