import { RoleChainConfigError } from './errors';

/** Longest session a hop whose caller is itself a role session may ask for. */
export const CHAINED_MAX_SECONDS = 3600;

/**
 * The DurationSeconds to send for a hop. A caller that is a session (every hop after the first; the first
 * when the source has a session token) gets at most 3600 s: a larger request is clamped (`clamped: true`, so
 * the caller can warn) or, with `strict`, a `RoleChainConfigError`.
 */
export function chainedDuration(
  requested: number | undefined,
  index: number,
  callerIsSession: boolean,
  strict: boolean,
): { durationSeconds: number | undefined; clamped: boolean } {
  if (requested === undefined || requested <= CHAINED_MAX_SECONDS || !callerIsSession) {
    return { durationSeconds: requested, clamped: false };
  }
  if (strict) {
    throw new RoleChainConfigError(
      `roles[${index}].durationSeconds`,
      `${requested} exceeds the 3600 s limit for roles assumed with session credentials (role chaining; strictDuration is on)`,
      index + 1,
    );
  }
  return { durationSeconds: CHAINED_MAX_SECONDS, clamped: true };
}
