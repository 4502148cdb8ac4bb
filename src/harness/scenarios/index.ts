import { FAULT_SCENARIOS } from './faults';
import { fuzz } from './fuzz';
import { auth, invalidRequests, unknownModel } from './invalid';
import { PARITY_SCENARIOS } from './parity';
import { REQUEST_SCENARIOS } from './requests';
import { abortRecovers, concurrentStreams, models, slowStream } from './streams';
import type { Scenario } from './types';

export type { Scenario, ScenarioContext, ScenarioResult, SendOptions } from './types';

/** Every scenario, in run order. Ids and intents are fixed: checks are written against them. */
export const SCENARIOS: readonly Scenario[] = [
  models,
  ...REQUEST_SCENARIOS,
  ...PARITY_SCENARIOS,
  concurrentStreams,
  invalidRequests,
  unknownModel,
  fuzz,
  auth,
  abortRecovers,
  slowStream,
  ...FAULT_SCENARIOS,
];
