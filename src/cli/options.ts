import { type Command, InvalidArgumentError, Option } from 'commander';

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
