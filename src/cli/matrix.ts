import { readFile, writeFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { HarnessFailure } from '../harness';
import {
  type MatrixFormat,
  type MatrixTarget,
  matrixExitCode,
  parseTargets,
  renderMatrix,
  runMatrix,
  type TargetSpec,
} from '../harness/matrix';
import { upstreamLogFacts } from '../harness/record/upstreamLog';
import { EMBEDDED_STALL_MS } from './check';
import { DEFAULT_FAULT_UPSTREAM_PORT, faultUpstreamOn } from './faultUpstream';
import { type CommandIo, exitTwoOnUsageErrors, writer } from './io';
import { loadStart, loadUpstreamBackend } from './lazy';
import { parsePositiveInt } from './options';

/** Options of `chat-contract matrix`. */
export interface MatrixArgs {
  concurrency: number;
  repeat: number;
  report: MatrixFormat;
  out?: string;
  timeoutMs: number;
}

/** Looks up each target's `apiKeyEnv`; a variable that is not set is a bad field. */
function resolveKeys(
  targets: readonly TargetSpec[],
  env: Record<string, string | undefined>,
): { keys: Array<string | undefined>; errors: string[] } {
  const errors: string[] = [];
  const keys = targets.map((t, i) => {
    if (!t.apiKeyEnv) return undefined;
    const key = env[t.apiKeyEnv];
    if (!key) errors.push(`targets[${i}].apiKeyEnv: environment variable ${t.apiKeyEnv} is not set`);
    return key;
  });
  return { keys, errors };
}

/** How to get one target ready: start the builtin server and the fake upstream as its faults ask. */
export function prepareTarget(spec: TargetSpec, apiKey: string | undefined, timeoutMs: number): MatrixTarget {
  return {
    name: spec.name,
    prepare: async () => {
      const closers: Array<() => Promise<void>> = [];
      const close = async () => {
        for (const c of closers.reverse()) await c().catch(() => {});
      };
      try {
        const upstream =
          spec.faults === 'upstream'
            ? await faultUpstreamOn(spec.upstreamPort ?? (spec.builtin ? 0 : DEFAULT_FAULT_UPSTREAM_PORT))
            : undefined;
        if (upstream) closers.push(() => upstream.close());
        let baseUrl = spec.baseUrl;
        if (spec.builtin) {
          const server = await loadStart().startServer({
            port: 0,
            timeouts: { firstTokenMs: EMBEDDED_STALL_MS, idleMs: EMBEDDED_STALL_MS },
            ...(apiKey ? { apiKey } : {}),
            ...(upstream
              ? { backend: loadUpstreamBackend().createUpstreamBackend({ baseUrl: upstream.baseUrl }) }
              : {}),
          });
          closers.push(() => server.close());
          baseUrl = `${server.url}/v1`;
        }
        return {
          options: {
            baseUrl: baseUrl!,
            profile: spec.profile ?? 'strict',
            timeoutMs: spec.timeoutMs ?? timeoutMs,
            faultDirectives: spec.builtin || spec.faults === 'directives' || spec.faults === 'upstream',
            headers: spec.headers ?? {},
            ...(upstream ? { upstreamLog: upstreamLogFacts({ upstreamUrl: upstream.baseUrl }) } : {}),
            ...(spec.model ? { model: spec.model } : {}),
            ...(apiKey ? { apiKey } : {}),
            ...(spec.only ? { only: spec.only } : {}),
            ...(spec.skip ? { skip: spec.skip } : {}),
            ...(spec.probes ? { probes: true } : {}),
            ...(spec.expectAuth ? { expectAuth: true } : {}),
          },
          close,
        };
      } catch (err) {
        await close();
        throw err;
      }
    },
  };
}

/**
 * Runs `matrix` and returns its exit code: 0 no `must` failure, 1 a `must` failure or a target
 * that could not be checked, 2 the targets file is invalid (one line per bad field on stderr).
 */
export async function runMatrixCommand(
  file: string,
  args: MatrixArgs,
  io: CommandIo,
  env: Record<string, string | undefined>,
): Promise<0 | 1 | 2> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    await io.stderr(`chat-contract matrix: bad-arguments: ${file}: ${(err as Error).message}\n`);
    return 2;
  }
  const parsed = parseTargets(text);
  if (!parsed.ok) {
    for (const e of parsed.errors) await io.stderr(`chat-contract matrix: ${file}: ${e}\n`);
    return 2;
  }
  const { keys, errors } = resolveKeys(parsed.targets, env);
  if (errors.length > 0) {
    for (const e of errors) await io.stderr(`chat-contract matrix: ${file}: ${e}\n`);
    return 2;
  }
  const targets = parsed.targets.map((t, i) => prepareTarget(t, keys[i], args.timeoutMs));
  const matrix = await runMatrix(targets, {
    concurrency: args.concurrency,
    repeat: args.repeat,
    onTarget: (o) =>
      void io.stderr(
        o.error ? `${o.name}: did not run: ${o.error.code}: ${o.error.message}\n` : `${o.name}: done\n`,
      ),
  });
  const rendered = renderMatrix(matrix, args.report);
  if (args.out) await writeFile(args.out, rendered);
  else await io.stdout(rendered);
  return matrixExitCode(matrix);
}

function parseConcurrency(value: string): number {
  const n = parsePositiveInt(value);
  if (n > 64) throw new InvalidArgumentError('expected at most 64');
  return n;
}

/** `chat-contract matrix TARGETS_FILE`: checks many targets and writes targets × checks. */
export function registerMatrix(program: Command): void {
  const command = program
    .command('matrix')
    .description('check every target of a targets file (YAML or JSON) and write the compatibility matrix')
    .argument('<targets-file>', 'the targets: name, baseUrl or builtin, model, headers, apiKeyEnv, faults…')
    .option('--concurrency <n>', 'targets checked at once', parseConcurrency, 2)
    .option(
      '--repeat <n>',
      'runs per target; checks that disagree across runs are intermittent',
      parsePositiveInt,
      1,
    )
    .addOption(
      new Option('--report <format>', 'matrix format')
        .choices(['json', 'markdown', 'html', 'junit'])
        .default('markdown'),
    )
    .option('--out <file>', 'write the matrix to a file instead of stdout')
    .option(
      '--timeout-ms <n>',
      'budget per exchange in ms (a target may set its own)',
      parsePositiveInt,
      30000,
    )
    .action(async (file: string, args: MatrixArgs) => {
      const io = { stdout: writer(process.stdout), stderr: writer(process.stderr) };
      try {
        process.exit(await runMatrixCommand(file, args, io, process.env));
      } catch (err) {
        const code = err instanceof HarnessFailure ? err.code : 'internal';
        await io.stderr(`chat-contract matrix: ${code}: ${(err as Error).message}\n`);
        process.exit(2);
      }
    });
  exitTwoOnUsageErrors(command);
}
