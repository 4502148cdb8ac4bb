import {
  choicesOf,
  NOT_SUCCESS_STREAM,
  sequenceExchanges,
  show,
  singlePassCheck,
  streamPass,
} from '../judge';

function isBlank(value: unknown): boolean {
  return value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * The chunk that carries a choice's `finish_reason` has an empty delta (`{}`, or only nulls).
 * @see openapi.yaml createChatCompletion description (sequence rules)
 */
export const finishDeltaEmpty = singlePassCheck(
  {
    id: 'finish-delta-empty',
    severity: 'should',
    rule: "The chunk carrying a choice's finish_reason has an empty delta ({} or only null fields).",
    offline: true,
  },
  streamPass(sequenceExchanges, NOT_SUCCESS_STREAM, ({ log }) => ({
    event(c) {
      if (c.kind !== 'chunk') return;
      for (const choice of choicesOf(c.json)) {
        if (choice.finish_reason === null || choice.finish_reason === undefined) continue;
        const delta = choice.delta;
        if (typeof delta !== 'object' || delta === null) continue; // the schema check's finding
        const carried = Object.entries(delta).filter(([, v]) => v !== null);
        if (carried.length === 0) continue;
        const fields = carried.map(([k, v]) => `${k}=${show(v)}`).join(', ');
        // `content: ""` alongside the finish (vLLM) carries nothing a client would show.
        const relaxed = carried.every(([, v]) => isBlank(v)) ? 'blank-finish-delta' : undefined;
        log.at(c, `choice ${show(choice.index)}: the finish delta carries ${fields}`, relaxed);
      }
    },
    end() {},
  })),
);
