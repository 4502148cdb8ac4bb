import {
  askedForUsage,
  type ChunkEvent,
  choicesOf,
  type FindingDetail,
  NOT_SUCCESS_STREAM,
  readToEnd,
  sequenceExchanges,
  singlePassCheck,
  streamPass,
} from '../judge';

function hasUsage(c: ChunkEvent): boolean {
  return typeof c.json.usage === 'object' && c.json.usage !== null;
}

/**
 * With `stream_options.include_usage`, exactly one chunk with `choices: []` and the usage totals
 * follows every finish and precedes `[DONE]`, and no other chunk carries usage; without it, no chunk
 * has empty `choices`.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-stream_options
 */
export const usageChunk = singlePassCheck(
  {
    id: 'usage-chunk',
    severity: 'must',
    rule: 'With include_usage, exactly one chunk with choices [] and usage follows every finish and precedes [DONE], and no other chunk carries usage; without it, no chunk has empty choices.',
    offline: true,
  },
  streamPass(sequenceExchanges, NOT_SUCCESS_STREAM, ({ exchange, log }) => {
    const asked = askedForUsage(exchange);
    let doneAt = -1;
    let lastFinish = -1;
    let usage: { index: number; detail: FindingDetail } | undefined;
    // A second usage chunk is reported after everything found on the way.
    const extra = log.defer();
    return {
      event(c) {
        if (c.kind === 'done' && doneAt < 0) doneAt = c.event.index;
        if (c.kind !== 'chunk') return;
        const empty = Array.isArray(c.json.choices) && c.json.choices.length === 0;
        if (!empty) {
          if (choicesOf(c.json).some((ch) => ch.finish_reason !== null && ch.finish_reason !== undefined)) {
            lastFinish = c.event.index;
          }
          if (asked && c.json.usage !== undefined && c.json.usage !== null) {
            log.at(c, `usage on a chunk that is not the usage chunk (must be absent or null)`);
          }
        } else if (!asked) {
          log.at(c, `choices [] although include_usage was not asked: clients index choices[0]`);
        } else if (!hasUsage(c)) {
          log.at(c, `choices [] without a usage object`);
        } else if (usage) {
          extra.at(c, `a second usage chunk`);
        } else {
          usage = { index: c.event.index, detail: log.detail(c) };
        }
      },
      end() {
        if (!asked) return;
        if (!usage) {
          if (readToEnd(exchange))
            log.add('include_usage was asked but no chunk with choices [] and usage came');
          return;
        }
        log.merge(extra);
        if (lastFinish >= 0 && usage.index < lastFinish) {
          log.add(`the usage chunk comes before the finish at event ${lastFinish + 1}`, usage.detail);
        }
        if (doneAt >= 0 && usage.index > doneAt) log.add(`the usage chunk comes after [DONE]`, usage.detail);
      },
    };
  }),
);
