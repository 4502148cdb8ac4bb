import { framedExchanges, isDoneLookalike, NOT_STREAMED, singlePassCheck, streamPass } from '../judge';

/** Every `data:` payload other than `[DONE]` is one JSON document. */
export const chunkJson = singlePassCheck(
  {
    id: 'chunk-json',
    severity: 'must',
    rule: 'Every data payload of a stream other than [DONE] is JSON.',
    offline: true,
  },
  streamPass(framedExchanges, NOT_STREAMED, ({ log }) => ({
    // A content chunk repeating the previous frame changes nothing this rule reads.
    skipsContentRepeats: true,
    event(d) {
      // A mistyped terminator is done-terminator's finding.
      if (d.kind !== 'invalid-json' || isDoneLookalike(d.event.data)) return;
      log.at(d, `data is not JSON (${d.problem})`);
    },
    end() {},
  })),
);
