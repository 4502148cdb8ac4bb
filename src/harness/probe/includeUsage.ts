import { chunkEvents } from '../judge';
import { unanswered } from './answer';
import type { Probe } from './types';

/** `stream_options.include_usage`: a chunk with the usage totals arrives. */
export const includeUsageProbe: Probe = {
  parameter: 'stream_options.include_usage',
  async run(ctx) {
    const parameter = 'stream_options.include_usage';
    const body = {
      model: ctx.model,
      messages: [{ role: 'user', content: 'Say hello.' }],
      stream: true,
      stream_options: { include_usage: true },
    };
    const exchange = await ctx.chat('include-usage', body);
    const failed = unanswered(parameter, exchange);
    if (failed) return failed;
    const sse = exchange.response?.sse;
    if (!sse) return { parameter, verdict: 'inconclusive', evidence: ['the stream was not an event stream'] };
    const usage = chunkEvents(sse)
      .map((c) => c.json.usage as { total_tokens?: unknown } | null | undefined)
      .find((u) => u && typeof u.total_tokens === 'number');
    return usage
      ? { parameter, verdict: 'honoured', evidence: [`usage chunk: ${JSON.stringify(usage)}`] }
      : {
          parameter,
          verdict: 'ignored',
          evidence: [`no chunk of ${sse.events.length} events carried usage`],
        };
  },
};
