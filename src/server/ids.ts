import { randomBytes, randomFillSync } from 'node:crypto';

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

/** Random bytes per completion id (24 base64url characters). */
const ID_BYTES = 18;
/** Random bytes are drawn for this many ids at once: one call into the random source, not one per id. */
const POOL_IDS = 256;
const pool = Buffer.allocUnsafe(ID_BYTES * POOL_IDS);
let poolAt = pool.length;

/**
 * A fresh completion id, `chatcmpl-` and 24 random characters. The bytes come from a pool refilled
 * from the system's random source when used up; each byte serves one id only.
 */
export function completionId(): string {
  if (poolAt === pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const id = pool.toString('base64url', poolAt, poolAt + ID_BYTES);
  poolAt += ID_BYTES;
  return `chatcmpl-${id}`;
}
