import { type Command, InvalidArgumentError, Option } from 'commander';

/** Where the built CLI lives, for `--help` hints: the command path as a user types it. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * Argument errors print one line and a pointer to `--help` (not the whole usage), and exit 2 like
 * every bad argument; help and version still exit 0.
 */
export function oneLineErrors(command: Command): Command {
  return command
    .configureOutput({
      outputError: (text, write) => {
        const message = text
          .trim()
          .replace(/^error: /, '')
          .replace(/\s*\n\s*/g, ' ');
        write(`${commandPath(command)}: ${message} (see ${commandPath(command)} --help)\n`);
      },
    })
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
}

/** Parses a TCP port (0 picks a free one). */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port 0-65535');
  return n;
}

/** Parses a positive integer option. */
export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

/** The options every judging command shares: profile, report format and output file. */
export function withReportOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--profile <profile>', 'judging profile')
        .choices(['strict', 'compatible'])
        .default('strict'),
    )
    .addOption(
      new Option('--report <format>', 'report format')
        .choices(['pretty', 'json', 'junit', 'html', 'markdown'])
        .default('pretty'),
    )
    .option('--out <file>', 'write the report to a file instead of stdout');
}
