import { type Command, InvalidArgumentError } from 'commander';
import { type ConformanceOptions, type Exchange, HarnessFailure, type ReportFormat } from '../harness';
import { upstreamLogFacts } from '../harness/record/upstreamLog';
import type { RunningServer } from '../start';
import { conformance } from './checkRuns';
import {
  DEFAULT_FAULT_UPSTREAM_PORT,
  type FaultUpstream,
  faultUpstreamOn,
  waitForTarget,
} from './faultUpstream';
import { type CommandIo, emitReport, parseHeader, parseIds, processIo } from './io';
import { loadStart, loadUpstreamBackend } from './lazy';
import { parsePositiveInt, withReportOptions } from './options';

/** Stall timeout of the built-in server, shorter than the harness's bounded read of a hang. */
export const EMBEDDED_STALL_MS = 2000;

/** Options of `chat-contract check`, as commander parses them. */
export interface CheckArgs {
  baseUrl?: string;
  model?: string;
  apiKey?: string;
  /** The target enforces an API key: run the auth scenario. */
  expectAuth?: boolean;
  /** No fault injection is a run failure (exit 2), not skipped failure checks. */
  requireFaults?: boolean;
  profile: 'strict' | 'compatible';
  report: ReportFormat;
  out?: string;
  only?: string[];
  skip?: string[];
  timeoutMs: number;
  maxEvents: number;
  faultDirectives?: boolean;
  /** Put a fake upstream behind the target and inject faults through it. */
  faultUpstream?: boolean;
  /** Port of that fake upstream (default 9100 with --base-url, a free one without). */
  upstreamPort?: number;
  /** How long to wait for the target to come up with --fault-upstream (default 60 s). */
  targetWaitMs?: number;
  header: Record<string, string>;
  verbose?: boolean;
  /** Send this many contract-derived invalid requests (scenario `fuzz`). */
  fuzz?: number;
  fuzzSeed: number;
  /** Run the conformance this many times; checks that disagree are intermittent. */
  repeat?: number;
  /** Record every exchange into this directory. */
  record?: string;
  /** Also probe which request parameters the target honours. */
  probes?: boolean;
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new InvalidArgumentError('expected an integer seed');
  return n;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d{1,5}$/.test(value) || n > 65535) throw new InvalidArgumentError('expected a port number');
  return n;
}

/** Returns the cursor to the line start and clears it (a terminal's progress line). */
const CLEAR_LINE = '\r\u001b[K';

/** A progress callback that rewrites one stderr line per scenario. */
function progressLine(io: CommandIo): (scenario: string, index: number, total: number) => void {
  return (scenario, index, total) => void io.stderr(`${CLEAR_LINE}[${index + 1}/${total}] ${scenario} …`);
}

function verboseLine(scenario: string, e: Exchange): string {
  const r = e.response;
  const what = r
    ? `${r.status} ${r.end} ${r.sse ? `${r.sse.events.length} events` : `${r.body.length} chars`}`
    : e.failure?.message;
  return `[${scenario}] ${e.label}: ${e.request.method} ${e.request.url} → ${what}\n`;
}

/**
 * Runs `check` and returns its exit code: 0 no `must` failure, 1 at least one, 2 the run failed
 * (one line on stderr). Without a base URL it checks the built-in reference server, faults on;
 * with `faultUpstream` too, that server proxies to a fake upstream started for the run.
 */
export async function runCheck(args: CheckArgs, io: CommandIo): Promise<0 | 1 | 2> {
  let upstream: FaultUpstream | undefined;
  let server: RunningServer | undefined;
  try {
    if (args.faultUpstream) {
      upstream = await faultUpstreamOn(args.upstreamPort ?? (args.baseUrl ? DEFAULT_FAULT_UPSTREAM_PORT : 0));
    }
    // The built-in server gets short stall timeouts so the hang scenario sees it report the stall.
    if (!args.baseUrl) {
      server = await loadStart().startServer({
        port: 0,
        timeouts: { firstTokenMs: EMBEDDED_STALL_MS, idleMs: EMBEDDED_STALL_MS },
        // With --api-key the built-in server requires it too, so --expect-auth has something to judge.
        ...(args.apiKey ? { apiKey: args.apiKey } : {}),
        ...(upstream
          ? { backend: loadUpstreamBackend().createUpstreamBackend({ baseUrl: upstream.baseUrl }) }
          : {}),
      });
    }
    const baseUrl = args.baseUrl ?? `${server!.url}/v1`;
    if (upstream && args.baseUrl) {
      const how = upstream.reused ? 'reusing the fake upstream at' : 'fake upstream listening at';
      await io.stderr(`${how} ${upstream.baseUrl}: configure ${baseUrl} to use it as its upstream\n`);
      await waitForTarget(baseUrl, args.targetWaitMs, args.header);
    }
    const options: ConformanceOptions = {
      baseUrl,
      profile: args.profile,
      timeoutMs: args.timeoutMs,
      maxEvents: args.maxEvents,
      faultDirectives: server || upstream ? true : (args.faultDirectives ?? false),
      headers: args.header,
      ...(upstream ? { upstreamLog: upstreamLogFacts({ upstreamUrl: upstream.baseUrl }) } : {}),
      ...(args.model ? { model: args.model } : {}),
      ...(args.apiKey ? { apiKey: args.apiKey } : {}),
      ...(args.expectAuth ? { expectAuth: true } : {}),
      ...(args.requireFaults ? { requireFaults: true } : {}),
      ...(io.progress && !args.verbose ? { onScenario: progressLine(io) } : {}),
      ...(args.only ? { only: args.only } : {}),
      ...(args.skip ? { skip: args.skip } : {}),
      ...(args.fuzz ? { fuzz: { count: args.fuzz, seed: args.fuzzSeed } } : {}),
      ...(args.probes ? { probes: true } : {}),
      ...(args.verbose ? { onExchange: (s: string, e: Exchange) => void io.stderr(verboseLine(s, e)) } : {}),
    };
    const report = await conformance(options, args, io);
    if (options.onScenario) await io.stderr(CLEAR_LINE);
    return await emitReport(report, args, io);
  } catch (err) {
    if (io.progress && !args.verbose) await io.stderr(CLEAR_LINE);
    if (err instanceof HarnessFailure) {
      await io.stderr(`chat-contract check: ${err.code}: ${err.message}\n`);
      return 2;
    }
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      await io.stderr(
        `chat-contract check: bad-arguments: the upstream port is taken: pass --upstream-port\n`,
      );
      return 2;
    }
    throw err;
  } finally {
    await server?.close();
    await upstream?.close();
  }
}

/** `chat-contract check`: drives the conformance scenarios against a server. */
export function registerCheck(program: Command): void {
  const target = program
    .command('check')
    .description('check an OpenAI-compatible server (default: the built-in reference server)')
    .option('--base-url <url>', 'what an OpenAI SDK takes, e.g. http://127.0.0.1:8080/v1')
    .option('--model <id>', 'model to request (default: the first of GET /models)')
    .option('--api-key <key>', 'API key sent as a bearer token (sending one expects nothing)')
    .option('--expect-auth', 'the target enforces an API key: check it refuses a missing or wrong one');
  withReportOptions(target)
    .option('--only <ids>', 'comma-separated check or scenario ids to run', parseIds)
    .option('--skip <ids>', 'comma-separated check or scenario ids to leave out', parseIds)
    .option('--timeout-ms <n>', 'budget per exchange in ms', parsePositiveInt, 30000)
    .option('--max-events <n>', 'stop reading a stream after this many events', parsePositiveInt, 10000)
    .option('--fault-directives', 'the target honours [[chat-contract:…]] directives: run fault scenarios')
    .option('--require-faults', 'exit 2 when failure handling cannot be tested (no fault injection)')
    .option(
      '--fault-upstream',
      'start a fake upstream for the target to proxy to, and inject faults through it',
    )
    .option(
      '--upstream-port <n>',
      `port of that fake upstream, reused if one already listens (default ${DEFAULT_FAULT_UPSTREAM_PORT} with --base-url, else free)`,
      parsePort,
    )
    .option('--header <header>', "extra header 'Name: value' (repeatable)", parseHeader, {})
    .option(
      '--fuzz <n>',
      'also send n invalid requests derived from the contract (scenario fuzz)',
      parsePositiveInt,
    )
    .option('--fuzz-seed <n>', 'seed of those requests; the same seed sends the same bytes', parseSeed, 1)
    .option('--probes', 'also probe which request parameters the target honours (see the probe command)')
    .option(
      '--verbose',
      'list every exchange on stderr; show every scenario and the full stream and client tables',
    )
    .option(
      '--repeat <n>',
      'run everything n times; report checks that disagree as intermittent',
      parsePositiveInt,
    )
    .option('--record <dir>', 'write every exchange as received, its sidecar and the report into dir')
    .action(async (args: CheckArgs) => {
      process.exit(await runCheck(args, processIo()));
    });
}
