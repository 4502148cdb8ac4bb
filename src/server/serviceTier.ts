/** Tiers a request may name; `auto` is served by `default`, as OpenAI reports it. */
const TIERS = ['default', 'flex', 'scale', 'priority', 'fast'];

/**
 * The `service_tier` a response reports: the tier the request named (`auto` or an unknown one →
 * `default`), or nothing when it named none.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-service_tier
 */
export function servedTier(requested: string | null | undefined): string | undefined {
  if (requested == null) return undefined;
  return TIERS.includes(requested) ? requested : 'default';
}
