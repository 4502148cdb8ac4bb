import type { Check } from '../types';
import { abortRecovers } from './abort-recovers';
import { authRequired } from './auth-required';
import { concurrentStreams } from './concurrent-streams';
import { errorEnvelope } from './error-envelope';
import { failureEarlyStatus } from './failure-early-status';
import { failureErrorFrame } from './failure-error-frame';
import { failureNoSuccessTerminator } from './failure-no-success-terminator';
import { jsonResponse } from './json-response';
import { modelEcho } from './model-echo';
import { modelsList } from './models-list';
import { rejectsInvalid } from './rejects-invalid';
import { streamDefaultFalse } from './stream-default-false';
import { streamIncremental } from './stream-incremental';
import { unknownModel } from './unknown-model';
import { upstreamCancelled } from './upstream-cancelled';
import { usageSum } from './usage-sum';

/** Non-stream, delivery, error, failure and concurrency checks (one file each in this folder). */
export const SERVICE_CHECKS: readonly Check[] = [
  // Non-stream
  jsonResponse,
  streamDefaultFalse,
  usageSum,
  modelEcho,
  modelsList,
  // Delivery
  streamIncremental,
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
