import {
  changeTracker,
  type FindingDetail,
  NOT_SUCCESS_STREAM,
  sequenceExchanges,
  singlePassCheck,
  streamPass,
} from '../judge';

/**
 * Every chunk of one stream carries the same non-empty `id`.
 * @see openapi.yaml createChatCompletion description (sequence rules)
 */
export const stableId = singlePassCheck(
  {
    id: 'stable-id',
    severity: 'must',
    rule: 'Every chunk of a stream carries the same non-empty id.',
    offline: true,
  },
  streamPass(sequenceExchanges, NOT_SUCCESS_STREAM, ({ log }) => {
    // The count of blank ids is known only at the end, and that finding comes first.
    const changes = log.defer();
    const track = changeTracker('id', changes);
    let chunks = 0;
    let blank = 0;
    let firstBlank: FindingDetail | undefined;
    return {
      event(d) {
        if (d.kind !== 'chunk') return;
        chunks++;
        if (typeof d.json.id !== 'string' || d.json.id === '') {
          if (blank++ === 0) firstBlank = log.detail(d);
        }
        track(d);
      },
      end() {
        // One finding for all of them: TGI sends `id: ""` on every chunk.
        if (firstBlank) log.add(`${blank} of ${chunks} chunks have an empty or missing id`, firstBlank);
        log.merge(changes);
      },
    };
  }),
);
