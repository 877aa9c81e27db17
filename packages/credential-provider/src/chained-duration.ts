import type { AwsCredentialIdentity } from '@smithy/types';
import { RoleChainConfigError } from './errors';
import { readAssumedIdentity } from './identity';

/** Longest session a hop whose caller is itself a role session may ask for (role chaining). */
export const CHAINED_MAX_SECONDS = 3600;

/**
 * Whether the credentials a hop assumes its role with are a role session, as far as can be known without a
 * call: `true` (role chaining: STS refuses more than 3600 s), `false` (long-term keys, `GetSessionToken` or
 * federation keys: the role's MaxSessionDuration applies) or `undefined` (a session of unknown kind).
 */
export type CallerIsRoleSession = boolean | undefined;

/** SDK credential features (`$source`) of credentials that are a role session. */
const roleSessionFeatures: ReadonlySet<string> = new Set([
  'CREDENTIALS_STS_ASSUME_ROLE',
  'CREDENTIALS_STS_ASSUME_ROLE_SAML',
  'CREDENTIALS_STS_ASSUME_ROLE_WEB_ID',
  'CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN',
  'CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN',
  'CREDENTIALS_PROFILE_SOURCE_PROFILE',
  'CREDENTIALS_PROFILE_SSO',
  'CREDENTIALS_SSO',
  'CREDENTIALS_PROFILE_SSO_LEGACY',
  'CREDENTIALS_SSO_LEGACY',
  'CREDENTIALS_HTTP',
  'CREDENTIALS_IMDS',
]);
/** SDK credential features of session credentials that are not a role session. */
const userSessionFeatures: ReadonlySet<string> = new Set([
  'CREDENTIALS_STS_SESSION_TOKEN',
  'CREDENTIALS_STS_FEDERATION_TOKEN',
]);

/**
 * Whether hop `index` assumes its role with a role session, learned without a network call: every hop after
 * the first does; the first does when its source credentials carry our identity metadata or an SDK credential
 * feature that names a role session (assume-role, web identity, SSO, container, instance), does not with
 * long-term keys (no session token) or `GetSessionToken`/federation keys, and is unknown otherwise.
 */
export function callerIsRoleSession(parent: AwsCredentialIdentity, index: number): CallerIsRoleSession {
  if (index > 0) return true;
  if (parent.sessionToken === undefined || parent.sessionToken === '') return false;
  if (readAssumedIdentity(parent) !== undefined) return true;
  const features: unknown = (parent as { $source?: unknown }).$source;
  if (typeof features === 'object' && features !== null) {
    const names = Object.keys(features);
    if (names.some((name) => roleSessionFeatures.has(name))) return true;
    if (names.some((name) => userSessionFeatures.has(name))) return false;
  }
  return undefined;
}

/** STS's refusal of a duration over one hour for a role assumed by role chaining. */
export function isChainingRefusal(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  return name === 'ValidationError' && typeof message === 'string' && message.includes('role chaining');
}

/**
 * The DurationSeconds to send for a hop. A caller known to be a role session gets at most 3600 s: a larger
 * request is clamped (`clamped: true`, so the caller can warn) or, with `strict`, a `RoleChainConfigError`.
 * Any other caller, an unknown one included, asks for what was requested: STS decides (see
 * {@link isChainingRefusal} for the retry of an unknown caller).
 */
export function chainedDuration(
  requested: number | undefined,
  index: number,
  callerIsSession: CallerIsRoleSession,
  strict: boolean,
): { durationSeconds: number | undefined; clamped: boolean } {
  if (requested === undefined || requested <= CHAINED_MAX_SECONDS || callerIsSession !== true) {
    return { durationSeconds: requested, clamped: false };
  }
  if (strict) {
    throw new RoleChainConfigError(
      `roles[${index}].durationSeconds`,
      `${requested} exceeds the 3600 s limit for roles assumed with role session credentials (role chaining; strictDuration is on)`,
      index + 1,
    );
  }
  return { durationSeconds: CHAINED_MAX_SECONDS, clamped: true };
}
