import type { STSClientConfig } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Logger } from '@smithy/types';
import type { BackoffOptions } from './backoff';
import type { RoleChainMeterProvider } from './metrics';
import type { RefreshWindowsOptions } from './refresh-windows';

/** MFA for one hop: the device serial and a function asked for a fresh code whenever a refresh needs one. */
export interface MfaOptions {
  /** `arn:aws:iam::111111111111:mfa/alice` or a hardware serial (9–256 characters). */
  serialNumber: string;
  /** Resolves the current 6-digit code. Asked lazily, one prompt at a time; a code is never sent twice. */
  tokenCode: () => Promise<string>;
  /** How long to wait for `tokenCode` before failing with `MfaTokenTimeout` (default 60000 ms). */
  timeoutMs?: number;
}

/** One role of the chain, assumed with the credentials of the hop before it (the first with the source's). */
export interface RoleChainHop {
  roleArn: string;
  /** Stable for the provider's life; default: the source identity in force, else `rolechain-<id>`. */
  roleSessionName?: string;
  externalId?: string;
  /** 900–43200; hops whose caller is a role session are clamped to 3600 (or rejected with `strictDuration`). */
  durationSeconds?: number;
  /** Session policy, as JSON text or an object (serialised for you). */
  policy?: string | Record<string, unknown>;
  /** Managed policy ARNs that narrow the session (at most 10). */
  policyArns?: readonly string[];
  /** Session tags (at most 50; keys are case-insensitive). */
  tags?: Readonly<Record<string, string>>;
  /** Tag keys that pass on to the next hops; each must be among `tags`. */
  transitiveTagKeys?: readonly string[];
  /** Set once in a chain; later hops inherit it. */
  sourceIdentity?: string;
  mfa?: MfaOptions;
  /** STS region for this hop; wins over every other region source. */
  region?: string;
}

/**
 * Configuration for the internal STS clients. Credentials and region are the provider's own business, and a
 * `logger` here is refused: the SDK's logger middleware prints STS answers, session tokens included.
 */
export type StsClientConfig = Omit<STSClientConfig, 'credentials' | 'region' | 'logger'>;

/** Options of {@link fromRoleChain}. */
export interface RoleChainOptions {
  /** Base credentials; default `fromNodeProviderChain()` (env, SSO, profile, process, web identity, ECS, IMDS). */
  source?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** The roles to assume in order; the last one's credentials are returned. */
  roles: readonly RoleChainHop[];
  /** STS region for hops without their own; else the calling client's region, else AWS_REGION/profile. */
  region?: string;
  /** Endpoint, request handler, retry strategy… for the internal STS clients. */
  stsClientConfig?: StsClientConfig;
  /** SDK logger shape; each call gets one structured record with a `message`. Never sees a secret. */
  logger?: Logger;
  /** Clock in epoch milliseconds (default `Date.now`); tests move it instead of sleeping. */
  now?: () => number;
  /** Throw `RoleChainConfigError` instead of clamping a chained hop's duration (its caller a role session) to 3600 s. */
  strictDuration?: boolean;
  /** Override the lifetime-based refresh windows. */
  refreshWindows?: RefreshWindowsOptions;
  /** Tune the backoff between failed refreshes. */
  backoff?: BackoffOptions;
  /** Bound on one STS call including the SDK's own retries (default 30000 ms); a timeout is transient. */
  timeoutMs?: number;
  /**
   * How long a call with no valid credentials to fall back on (the first one, or one after expiry) keeps
   * waiting through transient STS failures such as throttling before it fails (default 60000 ms).
   */
  startupBudgetMs?: number;
  /**
   * Where to report credential metrics (expiry, refreshes, STS latency, degradation): default the global
   * OpenTelemetry `MeterProvider` when the application registered one; `false` reports nothing.
   */
  meterProvider?: RoleChainMeterProvider | false;
}
