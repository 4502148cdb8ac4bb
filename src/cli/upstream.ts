import { type Command, Option } from 'commander';
import type { ReplayTiming } from '../fake-upstream/replay';
import { loadStart } from './lazy';
import { parsePort } from './options';

/** `chat-contract upstream`: the scriptable fake OpenAI-compatible upstream, for fault injection. */
export function registerUpstream(program: Command): void {
  program
    .command('upstream')
    .description('run a fake OpenAI-compatible upstream that misbehaves on [[chat-contract:fault=…]]')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <port>', 'port to listen on', parsePort, 8081)
    .option('--replay <dir>', 'answer with the streams a `check --record DIR` run recorded')
    .addOption(
      new Option('--replay-timing <timing>', 'pace replayed streams as recorded, or send them at once')
        .choices(['recorded', 'instant'])
        .default('recorded'),
    )
    .action(async (opts: { host: string; port: number; replay?: string; replayTiming: ReplayTiming }) => {
      const upstream = opts.replay
        ? await loadStart().startReplayUpstream(opts.replay, {
            host: opts.host,
            port: opts.port,
            timing: opts.replayTiming,
          })
        : await loadStart().startFakeUpstream({ host: opts.host, port: opts.port });
      console.log(upstream.baseUrl);
      const stop = () => {
        upstream.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
