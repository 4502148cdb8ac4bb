import { ask, type Scenario } from './types';

/** The invalid request cases, by label: each must be rejected with a 4xx and the error envelope. */
export function invalidCases(model: string): Array<[label: string, body: string]> {
  const json = (v: unknown) => JSON.stringify(v);
  return [
    ['malformed-json', `{"model": ${json(model)}, "messages": [`],
    ['missing-messages', json({ model })],
    ['empty-messages', json({ model, messages: [] })],
    ['non-array-messages', json({ model, messages: 'hello' })],
    ['wrong-type-model', json({ model: 42, messages: ask('hello') })],
    ['stream-yes', json({ model, messages: ask('hello'), stream: 'yes' })],
    ['temperature-5', json({ model, messages: ask('hello'), temperature: 5 })],
  ];
}

/** Requests the contract forbids; one exchange per case. */
export const invalidRequests: Scenario = {
  id: 'invalid-requests',
  intent: 'invalid',
  run: async (ctx) => {
    const exchanges = [];
    for (const [label, body] of invalidCases(ctx.model)) exchanges.push(await ctx.chat(label, body));
    return { exchanges };
  },
};

/** A model the target does not list. */
export const unknownModel: Scenario = {
  id: 'unknown-model',
  intent: 'invalid',
  run: async (ctx) => {
    let model = 'chat-contract-no-such-model';
    for (let i = 2; ctx.listedModels.includes(model) && i < 100; i++)
      model = `chat-contract-no-such-model-${i}`;
    return { exchanges: [await ctx.chat('request', { model, messages: ask('hello'), stream: true })] };
  },
};

/** A key that no server issues. */
export const INVALID_KEY = 'sk-chat-contract-invalid-key-0000';

function withoutAuth(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !/^(authorization|api-key|x-api-key)$/i.test(name)),
  );
}

/** Why the auth scenario is skipped unless the user says the target enforces a key. */
export const AUTH_NOT_ASKED = 'not asked for: pass --expect-auth if the server enforces an API key';

/**
 * Only when the user declared that the target enforces a key (`--expect-auth`; sending one with
 * `--api-key` declares nothing): requests without it and with a wrong one must be refused.
 */
export const auth: Scenario = {
  id: 'auth',
  intent: 'invalid',
  run: async (ctx) => {
    if (!ctx.expectAuth) return { exchanges: [], skipped: AUTH_NOT_ASKED };
    const body = { model: ctx.model, messages: ask('hello'), stream: true };
    const bare = withoutAuth(ctx.headers);
    const missing = await ctx.chat('missing-key', body, { headers: bare });
    const invalid = await ctx.chat('invalid-key', body, {
      headers: { ...bare, authorization: `Bearer ${INVALID_KEY}` },
    });
    return { exchanges: [missing, invalid], facts: { authExpected: true } };
  },
};
