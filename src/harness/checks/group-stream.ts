import type { Check } from '../types';
import { chunkJson } from './chunk-json';
import { chunkSchema } from './chunk-schema';
import { sseContentType } from './sse-content-type';
import { sseFraming } from './sse-framing';

/** Frame, chunk and sequence checks (one file each in this folder). */
export const STREAM_CHECKS: readonly Check[] = [sseContentType, sseFraming, chunkJson, chunkSchema];
