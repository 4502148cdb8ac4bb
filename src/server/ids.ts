import { randomBytes } from 'node:crypto';

/**
 * A source of unique ids that costs a counter per id: a random prefix drawn once per generator and
 * a counter behind it. Ids tell requests apart in logs and keep sessions apart; they are not secrets,
 * so they need not be unpredictable, only unique and not reused across restarts.
 * @example const next = idGenerator(); next(); // 'k3Jd9aQ2xLp0-1'
 */
export function idGenerator(): () => string {
  const prefix = randomBytes(9).toString('base64url');
  let n = 0;
  return () => `${prefix}-${(++n).toString(36)}`;
}

/** A fresh completion id, `chatcmpl-` and 24 random characters. */
export function completionId(): string {
  return `chatcmpl-${randomBytes(18).toString('base64url')}`;
}
