import type { Command } from 'commander';
import { loadStart } from './lazy';
import { parsePort } from './options';

/** `chat-contract upstream`: the scriptable fake OpenAI-compatible upstream, for fault injection. */
export function registerUpstream(program: Command): void {
  program
    .command('upstream')
    .description('run a fake OpenAI-compatible upstream that misbehaves on [[chat-contract:fault=…]]')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <port>', 'port to listen on', parsePort, 8081)
    .action(async (opts: { host: string; port: number }) => {
      const upstream = await loadStart().startFakeUpstream({ host: opts.host, port: opts.port });
      console.log(upstream.baseUrl);
      const stop = () => {
        upstream.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
