import {
  choicesOf,
  NOT_SUCCESS_STREAM,
  sequenceExchanges,
  show,
  singlePassCheck,
  streamPass,
} from '../judge';

/**
 * Each choice's first delta carries `role: "assistant"`, and later deltas carry no role.
 * @see openapi.yaml createChatCompletion description (sequence rules)
 */
export const roleFirst = singlePassCheck(
  {
    id: 'role-first',
    severity: 'should',
    rule: 'The first delta of each choice carries role "assistant" and later deltas carry no role.',
    offline: true,
  },
  streamPass(sequenceExchanges, NOT_SUCCESS_STREAM, ({ log }) => {
    const seen = new Set<unknown>();
    return {
      // A content chunk repeating the previous frame changes nothing this rule reads.
      skipsContentRepeats: true,
      event(c) {
        if (c.kind !== 'chunk') return;
        for (const choice of choicesOf(c.json)) {
          const role = choice.delta?.role ?? undefined;
          const first = !seen.has(choice.index);
          seen.add(choice.index);
          if (role === '') {
            log.at(c, `choice ${show(choice.index)}: role is "" (clients expect "assistant")`);
          } else if (first && role === undefined) {
            // Clients default the role; many servers never send it.
            log.at(c, `choice ${show(choice.index)}: the first delta has no role`, 'missing-role-chunk');
          } else if (role !== undefined && role !== 'assistant') {
            log.at(c, `choice ${show(choice.index)}: role is ${show(role)}, not "assistant"`);
          } else if (!first && role === 'assistant') {
            // TGI repeats the role on every delta; clients survive it.
            log.at(c, `choice ${show(choice.index)}: role repeated after the first delta`, 'repeated-role');
          }
        }
      },
      end() {},
    };
  }),
);
