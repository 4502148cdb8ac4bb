import type { Exchange, ProbeResult } from '../types';

export type { ProbeResult, ProbeVerdict } from '../types';

/** What a probe can use: the model and a recording client for `POST /chat/completions`. */
export interface ProbeContext {
  model: string;
  chat(label: string, body: Record<string, unknown>): Promise<Exchange>;
}

/** A probe of one parameter (or one way of using it). */
export interface Probe {
  parameter: string;
  run(ctx: ProbeContext): Promise<ProbeResult>;
}
