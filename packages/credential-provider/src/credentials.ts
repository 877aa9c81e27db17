import type { AwsCredentialIdentity } from '@smithy/types';
import { setCredentialFeature } from './aws-sdk.cjs';
import { ASSUMED_IDENTITY, type AssumedIdentity } from './identity';
import { INSPECT_CUSTOM, type Inspect } from './inspect';
import { maskAccessKeyId } from './redact';

/** Credentials returned by the provider: what every v3 client needs, plus the chain's identity. */
export interface RoleChainCredentials extends AwsCredentialIdentity {
  readonly sessionToken: string;
  readonly expiration: Date;
  readonly [ASSUMED_IDENTITY]: AssumedIdentity;
}

/**
 * What a chain of zero hops resolves (a profile with no `role_arn`: keys, SSO, `credential_process`…): the base
 * credentials exactly as their source gave them. Long-term keys have neither `sessionToken` nor `expiration`;
 * no role was assumed, so they carry no `ASSUMED_IDENTITY`.
 */
export type RoleChainBaseCredentials = AwsCredentialIdentity;

/** Which SDK credential features to record in `$source` (user-agent attribution). */
export type CredentialFeature = 'assume-role' | 'profile-source-profile';

interface Fields {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  accountId: string | undefined;
}

function redactedView(this: AwsCredentialIdentity): Record<string, unknown> {
  return {
    accessKeyId: maskAccessKeyId(this.accessKeyId),
    secretAccessKey: '[REDACTED]',
    ...(this.sessionToken === undefined ? {} : { sessionToken: '[REDACTED]' }),
    ...(this.expiration === undefined ? {} : { expiration: this.expiration }),
    ...(this.accountId === undefined ? {} : { accountId: this.accountId }),
  };
}

/**
 * Shared prototype: `util.inspect`, `console.log` and `JSON.stringify` see a redacted view. Methods live on
 * the prototype so they are neither own nor enumerable properties and cost nothing per object.
 */
const credentialsPrototype = {
  toJSON: redactedView,
  [INSPECT_CUSTOM](this: AwsCredentialIdentity, _depth: number, _options: unknown, inspect: Inspect): string {
    return `RoleChainCredentials ${inspect(redactedView.call(this), { breakLength: Infinity })}`;
  },
};

/**
 * Builds the credentials object for a hop. Not frozen: the SDK writes `$source` on it. The identity is an own
 * enumerable symbol property (skipped by `JSON.stringify` and `Object.keys`).
 */
export function createCredentials(
  fields: Fields,
  identity: AssumedIdentity,
  features: readonly CredentialFeature[],
): RoleChainCredentials {
  const credentials = Object.create(credentialsPrototype) as Record<string | symbol, unknown>;
  credentials['accessKeyId'] = fields.accessKeyId;
  credentials['secretAccessKey'] = fields.secretAccessKey;
  credentials['sessionToken'] = fields.sessionToken;
  credentials['expiration'] = fields.expiration;
  if (fields.accountId !== undefined) credentials['accountId'] = fields.accountId;
  credentials[ASSUMED_IDENTITY] = identity;
  const typed = credentials as unknown as RoleChainCredentials;
  for (const feature of features) {
    if (feature === 'assume-role') setCredentialFeature(typed, 'CREDENTIALS_STS_ASSUME_ROLE', 'i');
    else setCredentialFeature(typed, 'CREDENTIALS_PROFILE_SOURCE_PROFILE', 'o');
  }
  return typed;
}

/**
 * The credentials of a chain of zero hops: the fields the source gave (`sessionToken`, `expiration`,
 * `accountId` and `credentialScope` only when it gave them) and its SDK credential features (`$source`), on
 * the same redacting prototype as every credentials object the provider returns.
 */
export function createBaseCredentials(source: AwsCredentialIdentity): RoleChainBaseCredentials {
  const credentials = Object.create(credentialsPrototype) as Record<string, unknown>;
  credentials['accessKeyId'] = source.accessKeyId;
  credentials['secretAccessKey'] = source.secretAccessKey;
  const given: Partial<Record<string, unknown>> = { ...source };
  for (const key of ['sessionToken', 'expiration', 'accountId', 'credentialScope']) {
    if (given[key] !== undefined) credentials[key] = given[key];
  }
  // A copy: the SDK adds features to `$source` of the credentials it signs with, never to the source's.
  const features = given['$source'];
  if (typeof features === 'object' && features !== null) credentials['$source'] = { ...features };
  return credentials as unknown as RoleChainBaseCredentials;
}
