import {
  choicesOf,
  NOT_SUCCESS_STREAM,
  readToEnd,
  sequenceExchanges,
  show,
  singlePassCheck,
  streamPass,
} from '../judge';

/** The number of choices a request asked for (`n`, default 1). */
function requestedChoices(n: unknown): number {
  return Number.isInteger(n) && (n as number) >= 1 ? (n as number) : 1;
}

/**
 * Choice indexes are the integers 0..n-1 for the request's `n`, each appearing, none beyond.
 * @see https://platform.openai.com/docs/api-reference/chat/create#chat-create-n
 */
export const choiceIndexes = singlePassCheck(
  {
    id: 'choice-indexes',
    severity: 'must',
    rule: "The choices of a stream have integer indexes 0..n-1 for the request's n (default 1), each appearing and none beyond.",
    offline: true,
  },
  streamPass(sequenceExchanges, NOT_SUCCESS_STREAM, ({ exchange, log }) => {
    const n = requestedChoices(exchange.requestJson?.n);
    const seen = new Set<number>();
    const reported = new Set<unknown>();
    return {
      // A content chunk repeating the previous frame changes nothing this rule reads.
      skipsContentRepeats: true,
      event(c) {
        if (c.kind !== 'chunk') return;
        for (const choice of choicesOf(c.json)) {
          const index = choice.index;
          if (Number.isInteger(index) && (index as number) >= 0 && (index as number) < n) {
            seen.add(index as number);
          } else if (!reported.has(index)) {
            // One finding per bad value: the same stray index usually repeats on every chunk.
            reported.add(index);
            log.at(c, `choice index ${show(index)} is outside 0..${n - 1} (n=${n})`);
          }
        }
      },
      end() {
        const missing = n - seen.size;
        if (missing > 0 && readToEnd(exchange)) {
          const shown: number[] = [];
          for (let i = 0; i < n && shown.length < 5; i++) if (!seen.has(i)) shown.push(i);
          const more = missing > shown.length ? ` and ${missing - shown.length} more` : '';
          log.add(`choice index ${shown.join(', ')}${more} never appeared (n=${n})`);
        }
      },
    };
  }),
);
