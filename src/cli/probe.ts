import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { Option } from 'commander';
import { HarnessFailure, type ProbeReport, probeTarget, renderProbeReport } from '../harness';
import type { RunningServer } from '../start';
import { type CommandIo, exitTwoOnUsageErrors, parseHeader, writer } from './io';
import { loadStart } from './lazy';
import { parsePositiveInt } from './options';

/** Options of `chat-contract probe`, as commander parses them. */
export interface ProbeArgs {
  baseUrl?: string;
  model?: string;
  apiKey?: string;
  report: 'pretty' | 'json' | 'junit';
  out?: string;
  timeoutMs: number;
  header: Record<string, string>;
}

/**
 * Runs `probe` and returns its exit code: 0 when the probes ran (whatever they found), 2 when the run
 * failed (one line on stderr). Without a base URL it probes the built-in reference server.
 */
export async function runProbe(args: ProbeArgs, io: CommandIo, now: () => number = Date.now): Promise<0 | 2> {
  let server: RunningServer | undefined;
  const started = now();
  try {
    if (!args.baseUrl)
      server = await loadStart().startServer({ port: 0, ...(args.apiKey ? { apiKey: args.apiKey } : {}) });
    const result = await probeTarget({
      baseUrl: args.baseUrl ?? `${server!.url}/v1`,
      timeoutMs: args.timeoutMs,
      headers: args.header,
      ...(args.model ? { model: args.model } : {}),
      ...(args.apiKey ? { apiKey: args.apiKey } : {}),
    });
    const report: ProbeReport = {
      schemaVersion: 1,
      ...result,
      startedAt: new Date(started).toISOString(),
      durationMs: Math.max(0, now() - started),
    };
    const text = renderProbeReport(report, args.report);
    if (args.out) await writeFile(args.out, text);
    else await io.stdout(text);
    return 0;
  } catch (err) {
    if (err instanceof HarnessFailure) {
      await io.stderr(`chat-contract probe: ${err.code}: ${err.message}\n`);
      return 2;
    }
    throw err;
  } finally {
    await server?.close();
  }
}

/** `chat-contract probe`: which request parameters a server honours, ignores or refuses. */
export function registerProbe(program: Command): void {
  const command = program
    .command('probe')
    .description(
      'probe which request parameters a server honours, ignores or refuses (default: the built-in reference server)',
    )
    .option('--base-url <url>', 'what an OpenAI SDK takes, e.g. http://127.0.0.1:8080/v1')
    .option('--model <id>', 'model to request (default: the first of GET /models)')
    .option('--api-key <key>', 'API key sent as a bearer token')
    .addOption(
      new Option('--report <format>', 'report format').choices(['pretty', 'json', 'junit']).default('pretty'),
    )
    .option('--out <file>', 'write the report to a file instead of stdout')
    .option('--timeout-ms <n>', 'budget per request in ms', parsePositiveInt, 30000)
    .option('--header <header>', "extra header 'Name: value' (repeatable)", parseHeader, {})
    .action(async (args: ProbeArgs) => {
      process.exit(await runProbe(args, { stdout: writer(process.stdout), stderr: writer(process.stderr) }));
    });
  exitTwoOnUsageErrors(command);
}
