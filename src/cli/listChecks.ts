import type { Command } from 'commander';
import { CHECKS, SCENARIOS } from '../harness';
import { type CommandIo, writer } from './io';

/** The ids `--only`/`--skip` take, as `list-checks --json` prints them. */
export interface CheckList {
  checks: Array<{
    id: string;
    severity: string;
    compatibleSeverity?: string;
    offline: boolean;
    rule: string;
  }>;
  scenarios: Array<{ id: string; intent: string }>;
}

/** Every check (severity, rule, whether check-transcript applies it) and scenario, in run order. */
export function checkList(): CheckList {
  return {
    checks: CHECKS.map((c) => ({
      id: c.id,
      severity: c.severity,
      ...(c.compatibleSeverity ? { compatibleSeverity: c.compatibleSeverity } : {}),
      offline: c.offline,
      rule: c.rule,
    })),
    scenarios: SCENARIOS.map((s) => ({ id: s.id, intent: s.intent })),
  };
}

/** `list-checks` as text: one line per check and per scenario. */
export function renderCheckList(list: CheckList): string {
  const width = Math.max(...list.checks.map((c) => c.id.length), ...list.scenarios.map((s) => s.id.length));
  const out = [`checks (${list.checks.length}; offline ones also apply to check-transcript):`];
  for (const c of list.checks) {
    const severity = c.compatibleSeverity ? `${c.severity}/${c.compatibleSeverity}` : c.severity;
    out.push(
      `  ${c.id.padEnd(width)}  ${severity.padEnd(11)} ${c.offline ? 'offline' : 'live   '}  ${c.rule}`,
    );
  }
  out.push('', `scenarios (${list.scenarios.length}):`);
  for (const s of list.scenarios) out.push(`  ${s.id.padEnd(width)}  ${s.intent}`);
  out.push('', 'severity: strict/compatible when the compatible profile differs', '');
  return out.join('\n');
}

/** Prints the check and scenario ids; returns the exit code. */
export async function runListChecks(args: { json?: boolean }, io: CommandIo): Promise<0> {
  const list = checkList();
  await io.stdout(args.json ? `${JSON.stringify(list, null, 2)}\n` : renderCheckList(list));
  return 0;
}

/** `chat-contract list-checks [--json]`. */
export function registerListChecks(program: Command): void {
  program
    .command('list-checks')
    .description('list every check and scenario id with its severity and rule')
    .option('--json', 'print JSON')
    .action(async (args: { json?: boolean }) => {
      process.exit(
        await runListChecks(args, { stdout: writer(process.stdout), stderr: writer(process.stderr) }),
      );
    });
}
