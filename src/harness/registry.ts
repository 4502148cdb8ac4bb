import { abortRecovers } from './checks/abort-recovers';
import { authRequired } from './checks/auth-required';
import { choiceIndexes } from './checks/choice-indexes';
import { chunkJson } from './checks/chunk-json';
import { chunkSchema } from './checks/chunk-schema';
import { compressionFlush } from './checks/compression-flush';
import { concurrentStreams } from './checks/concurrent-streams';
import { deltaTypes } from './checks/delta-types';
import { doneTerminator } from './checks/done-terminator';
import { errorEnvelope } from './checks/error-envelope';
import { failureEarlyStatus } from './checks/failure-early-status';
import { failureErrorFrame } from './checks/failure-error-frame';
import { failureNoSuccessTerminator } from './checks/failure-no-success-terminator';
import { finishDeltaEmpty } from './checks/finish-delta-empty';
import { finishOnce } from './checks/finish-once';
import { finishReasonValid } from './checks/finish-reason-valid';
import { idPrefix } from './checks/id-prefix';
import { jsonResponse } from './checks/json-response';
import { modelEcho } from './checks/model-echo';
import { modelsList } from './checks/models-list';
import { reasoningField } from './checks/reasoning-field';
import { rejectsInvalid } from './checks/rejects-invalid';
import { roleFirst } from './checks/role-first';
import { serviceTierValid } from './checks/service-tier-valid';
import { sseContentType } from './checks/sse-content-type';
import { sseFraming } from './checks/sse-framing';
import { sseKeepalive } from './checks/sse-keepalive';
import { stableCreated } from './checks/stable-created';
import { stableId } from './checks/stable-id';
import { stableModel } from './checks/stable-model';
import { streamDefaultFalse } from './checks/stream-default-false';
import { streamIncremental } from './checks/stream-incremental';
import { streamParity } from './checks/stream-parity';
import { toolArgsJson } from './checks/tool-args-json';
import { toolCallDeltas } from './checks/tool-call-deltas';
import { toolCallsDistinct } from './checks/tool-calls-distinct';
import { unknownModel } from './checks/unknown-model';
import { upstreamCancelled } from './checks/upstream-cancelled';
import { usageChunk } from './checks/usage-chunk';
import { usageSum } from './checks/usage-sum';
import { utf8Intact } from './checks/utf8-intact';
import type { Check } from './types';

/** Frame, chunk and sequence checks (one file each in checks/), in report order. */
export const STREAM_CHECKS: readonly Check[] = [
  // Frame
  sseContentType,
  sseFraming,
  sseKeepalive,
  chunkJson,
  // Chunk
  chunkSchema,
  deltaTypes,
  // Sequence
  stableId,
  idPrefix,
  stableCreated,
  stableModel,
  roleFirst,
  finishOnce,
  finishReasonValid,
  finishDeltaEmpty,
  doneTerminator,
  usageChunk,
  toolCallDeltas,
  toolArgsJson,
  toolCallsDistinct,
  choiceIndexes,
  // Fields
  reasoningField,
  serviceTierValid,
];

/** Non-stream, delivery, error, failure and concurrency checks (one file each in checks/). */
export const SERVICE_CHECKS: readonly Check[] = [
  // Non-stream
  jsonResponse,
  streamDefaultFalse,
  usageSum,
  modelEcho,
  modelsList,
  // Parity: a deterministic request streamed and not
  streamParity,
  utf8Intact,
  // Delivery
  streamIncremental,
  compressionFlush,
  // Errors
  errorEnvelope,
  rejectsInvalid,
  unknownModel,
  authRequired,
  // Failure: a failure must never look like success
  failureNoSuccessTerminator,
  failureErrorFrame,
  failureEarlyStatus,
  abortRecovers,
  upstreamCancelled,
  // Concurrency
  concurrentStreams,
];

/** Every conformance check, in report order. A test keeps this list, the files and the README table in agreement. */
export const CHECKS: readonly Check[] = [...STREAM_CHECKS, ...SERVICE_CHECKS];

/** Looks a check up by id. */
export function checkById(id: string): Check | undefined {
  return CHECKS.find((c) => c.id === id);
}
