/** Capability probes: which request parameters a target honours, ignores or refuses. */
export { PROBES, type ProbeOptions, probeTable, probeTarget, runProbes } from './runProbes';
export type { Probe, ProbeContext, ProbeResult, ProbeVerdict } from './types';
