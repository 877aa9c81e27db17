/**
 * When to refresh a credential, from its lifetime at receipt (the SDK-wide 2026 design): outside the advisory
 * window serve it, inside it refresh in the background, inside the mandatory window wait for a refresh.
 */

const MINUTE = 60_000;

/** Window sizes in milliseconds before expiry. */
export interface RefreshWindows {
  advisoryMs: number;
  mandatoryMs: number;
}

/** Overrides for the window sizes; each is still capped so advisory ≤ L/2 and mandatory ≤ advisory. */
export interface RefreshWindowsOptions {
  advisoryMs?: number;
  mandatoryMs?: number;
  /**
   * Spread refresh points (default true): the advisory point is drawn uniformly over the first half of the
   * advisory window, the mandatory point up to M/4 later; both are drawn again for every credential.
   */
  jitter?: boolean;
}

/** Absolute times (same clock as `now`) at which a credential enters each window and expires. */
export interface RefreshPoints {
  advisoryAt: number;
  mandatoryAt: number;
  expiresAt: number;
}

/** A = 5 min if L ≤ 20 min, 15 min if L < 90 min, else 60 min, never more than L/2; M = min(60 s, A/2). */
export function defaultWindows(lifetimeMs: number): RefreshWindows {
  const lifetime = Math.max(0, lifetimeMs);
  const byLifetime =
    lifetime <= 20 * MINUTE ? 5 * MINUTE : lifetime < 90 * MINUTE ? 15 * MINUTE : 60 * MINUTE;
  const advisoryMs = Math.min(byLifetime, lifetime / 2);
  return { advisoryMs, mandatoryMs: Math.min(MINUTE, advisoryMs / 2) };
}

/** The windows for a lifetime with the user's overrides applied and capped. */
export function windowsFor(lifetimeMs: number, options: RefreshWindowsOptions): RefreshWindows {
  const defaults = defaultWindows(lifetimeMs);
  const advisoryMs = Math.min(options.advisoryMs ?? defaults.advisoryMs, Math.max(0, lifetimeMs) / 2);
  const mandatoryMs = Math.min(
    options.mandatoryMs ?? Math.min(defaults.mandatoryMs, advisoryMs / 2),
    advisoryMs,
  );
  return { advisoryMs, mandatoryMs };
}

/**
 * Refresh points for a credential received at `receivedAt` that expires at `expiresAt`. `random` in [0, 1)
 * spreads fleets and sibling hops: the advisory point is drawn uniformly from [expiry − A, expiry − A/2), so
 * processes that received their credentials together refresh over A/2 (7.5 min for 1 h sessions) and every
 * refresh still starts at least A/2 before expiry; the mandatory point moves later by up to M/4, never reaching
 * expiry. A refresh never starts earlier than the window allows.
 */
export function refreshPoints(
  receivedAt: number,
  expiresAt: number,
  options: RefreshWindowsOptions,
  random: () => number,
): RefreshPoints {
  const { advisoryMs, mandatoryMs } = windowsFor(expiresAt - receivedAt, options);
  const jitter = options.jitter ?? true;
  const advisoryShift = jitter ? (random() * advisoryMs) / 2 : 0;
  const mandatoryShift = jitter ? (random() * mandatoryMs) / 4 : 0;
  const mandatoryAt = expiresAt - mandatoryMs + mandatoryShift;
  return {
    // Never after the mandatory point (a mandatory window overridden to more than half the advisory one).
    advisoryAt: Math.min(expiresAt - advisoryMs + advisoryShift, mandatoryAt),
    mandatoryAt,
    expiresAt,
  };
}
