/**
 * The service's configuration, read from environment variables and checked before anything starts: a bad
 * value becomes one `ConfigError` naming the variable, which `main` prints as one line and exits with code 2.
 * Only what the service owns is checked here (mode, port, host, bucket, prefix, profile name, the shape of
 * the ROLE_CHAIN list); role ARNs, the external id and the region are the credential provider's to check,
 * and `variableOf` names the variable behind a field the provider refuses.
 */
import { isIP } from 'node:net';
import type { RoleChainConfigError } from '@rolechain/credential-provider';

/** Where the role chain comes from when the service talks to real AWS. */
export type ChainSource =
  { kind: 'roles'; roleArns: readonly string[] } | { kind: 'profile'; profile: string };

interface CommonConfig {
  /** As given: the credential provider checks it. */
  region: string;
  bucket: string;
  /** Key prefix the session policy narrows reading to; `''` means the whole bucket. */
  prefix: string;
  port: number;
  host: string;
  /** Variables that were set but that this mode does not use, each with the reason (printed at start). */
  notes: readonly string[];
}

/** The embedded default: sts-mock and an S3 stand-in in-process, no AWS account. */
export interface DemoConfig extends CommonConfig {
  mode: 'demo';
  /** The external id the service sends (the provider checks it); the demo organisation expects `DEMO_DEFAULTS.externalId`. */
  externalId: string;
}

/** Real AWS: base credentials from the SDK's default chain, then the role chain. */
export interface AwsConfig extends CommonConfig {
  mode: 'aws';
  chain: ChainSource;
  externalId?: string;
}

export type ServiceConfig = DemoConfig | AwsConfig;

/** A configuration problem, named by its environment variable. Never carries a secret. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

export const DEMO_DEFAULTS = {
  region: 'eu-west-1',
  bucket: 'acme-prod-reports',
  prefix: '2026/',
  externalId: 'acme-reports-7f3a',
} as const;

const DEFAULT_PORT = 3000;
const DEFAULT_HOST = '127.0.0.1';

const bucketPattern = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const profilePattern = /^[\w+=,.@:/-]{1,128}$/;

type Env = Readonly<Record<string, string | undefined>>;

/** A variable's value, or undefined when it is unset or empty (an empty variable counts as unset). */
function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Comma-separated role ARNs; each is the credential provider's to check. IAM allows commas in role names
 * (`role/a,b`), so a comma separates entries only where the next entry starts (`arn:`), another comma
 * follows or the list ends.
 */
const ENTRY_SEPARATOR = /,(?=\s*(?:arn:|,|$))/;

function parseRoleChain(value: string): string[] {
  const entries = value.split(ENTRY_SEPARATOR).map((entry) => entry.trim());
  entries.forEach((arn, index) => {
    if (arn === '') {
      throw new ConfigError(
        'ROLE_CHAIN',
        `entry ${index + 1} of ${entries.length} is empty (expected comma-separated role ARNs)`,
      );
    }
  });
  return entries;
}

function parseBucket(value: string): string {
  if (!bucketPattern.test(value) || value.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(value)) {
    throw new ConfigError(
      'REPORTS_BUCKET',
      `'${value}' is not a valid S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens)`,
    );
  }
  return value;
}

function parsePrefix(value: string): string {
  if (value.startsWith('/') || value.length > 512) {
    throw new ConfigError(
      'REPORTS_PREFIX',
      `'${value}' must not start with '/' and must be at most 512 characters`,
    );
  }
  return value;
}

function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new ConfigError('PORT', `'${value}' is not a port number (0 to 65535; 0 picks a free port)`);
  }
  return port;
}

/** An IP literal (`::1` as Node's `listen` takes it, without brackets) or an RFC 1123 host name. */
function parseHost(value: string): string {
  const labels = value.split('.');
  const hostName =
    value.length <= 253 && labels.every((label) => /^[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?$/i.test(label));
  if (isIP(value) === 0 && !hostName) {
    throw new ConfigError('HOST', `'${value}' is not an IP address or a host name`);
  }
  return value;
}

function parseProfile(value: string): string {
  if (!profilePattern.test(value)) {
    throw new ConfigError('AWS_PROFILE', `'${value}' is not a profile name`);
  }
  return value;
}

function parseDemoFlag(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === '1') return true;
  if (value === '0') return false;
  throw new ConfigError('ROLECHAIN_DEMO', `'${value}' must be 1 (embedded demo) or 0 (real AWS)`);
}

export interface ResolveOptions {
  /** The tour always runs on the embedded demo: AWS settings are then noted as unused, not an error. */
  forceDemo?: boolean;
  /** Port when PORT is unset: 3000 for `--serve`, 0 (a free port) for the tour. */
  defaultPort?: number;
}

/**
 * Reads the configuration. Mode: `ROLECHAIN_DEMO=1` → demo; otherwise `ROLE_CHAIN` or `AWS_PROFILE` set →
 * real AWS; otherwise (no AWS configuration) → demo, unless `ROLECHAIN_DEMO=0` asked for real AWS.
 */
export function resolveConfig(env: Env, options: ResolveOptions = {}): ServiceConfig {
  const demoFlag = parseDemoFlag(read(env, 'ROLECHAIN_DEMO'));
  const roleChain = read(env, 'ROLE_CHAIN');
  const profile = read(env, 'AWS_PROFILE');
  const externalId = read(env, 'EXTERNAL_ID');
  const region = read(env, 'AWS_REGION');
  const bucket = read(env, 'REPORTS_BUCKET');
  const prefix = env['REPORTS_PREFIX']?.trim();
  const common = {
    port: parsePort(read(env, 'PORT'), options.defaultPort ?? DEFAULT_PORT),
    host: parseHost(read(env, 'HOST') ?? DEFAULT_HOST),
  };

  const wantsAws = demoFlag === false || (demoFlag === undefined && (roleChain ?? profile) !== undefined);
  if (!wantsAws || options.forceDemo === true) {
    if (roleChain !== undefined && demoFlag === true && options.forceDemo !== true) {
      throw new ConfigError(
        'ROLE_CHAIN',
        'cannot be combined with ROLECHAIN_DEMO=1 (the demo has its own chain); unset one',
      );
    }
    const why =
      options.forceDemo === true
        ? 'the tour always runs on the embedded demo'
        : 'the embedded demo needs no AWS account';
    const notes = [
      ...(roleChain === undefined ? [] : [`ROLE_CHAIN is not used: ${why}`]),
      ...(profile === undefined ? [] : [`AWS_PROFILE=${profile} is not used: ${why}`]),
    ];
    return {
      mode: 'demo',
      region: region ?? DEMO_DEFAULTS.region,
      bucket: bucket === undefined ? DEMO_DEFAULTS.bucket : parseBucket(bucket),
      prefix: prefix === undefined || prefix === '' ? DEMO_DEFAULTS.prefix : parsePrefix(prefix),
      externalId: externalId ?? DEMO_DEFAULTS.externalId,
      notes,
      ...common,
    };
  }

  if (roleChain === undefined && profile === undefined) {
    throw new ConfigError(
      'ROLE_CHAIN',
      'is required with ROLECHAIN_DEMO=0 (or set AWS_PROFILE to a role profile)',
    );
  }
  if (region === undefined) throw new ConfigError('AWS_REGION', 'is required when talking to real AWS');
  if (bucket === undefined) throw new ConfigError('REPORTS_BUCKET', 'is required when talking to real AWS');
  let chain: ChainSource;
  if (roleChain !== undefined) {
    chain = { kind: 'roles', roleArns: parseRoleChain(roleChain) };
    if (profile !== undefined) parseProfile(profile);
  } else {
    if (externalId !== undefined) {
      throw new ConfigError(
        'EXTERNAL_ID',
        'is not used with AWS_PROFILE: set external_id in the profile instead',
      );
    }
    chain = { kind: 'profile', profile: parseProfile(profile ?? '') };
  }
  return {
    mode: 'aws',
    chain,
    region,
    bucket: parseBucket(bucket),
    prefix: prefix === undefined ? '' : parsePrefix(prefix),
    ...(externalId === undefined ? {} : { externalId }),
    notes:
      chain.kind === 'profile' && prefix !== undefined && prefix !== ''
        ? ['REPORTS_PREFIX only sets the default listing prefix: a profile chain passes no session policy']
        : [],
    ...common,
  };
}

type ChainKind = 'demo' | ChainSource['kind'];

/**
 * The variable each credential provider option the service sets comes from, by where the chain comes from;
 * a hop's options are named without their `roles[i].`. The demo's role ARNs are its own: only AWS_REGION
 * can put them in the wrong partition. The session policy holds REPORTS_PREFIX twice, JSON-escaped: a prefix
 * of quotes or control characters can make it longer than STS allows. A profile chain takes everything else
 * from the profile files.
 */
const providerOptionVariables: Readonly<Record<ChainKind, ReadonlyMap<string, string>>> = {
  demo: new Map([
    ['roleArn', 'AWS_REGION'],
    ['externalId', 'EXTERNAL_ID'],
    ['region', 'AWS_REGION'],
    ['policy', 'REPORTS_PREFIX'],
  ]),
  roles: new Map([
    ['roleArn', 'ROLE_CHAIN'],
    ['externalId', 'EXTERNAL_ID'],
    ['region', 'AWS_REGION'],
    ['policy', 'REPORTS_PREFIX'],
  ]),
  profile: new Map([
    ['profile', 'AWS_PROFILE'],
    ['region', 'AWS_REGION'],
  ]),
};

/**
 * The environment variable behind a field the credential provider refused (by its `field` and `hop`), or
 * undefined when the service set that option itself — then it is the service's bug, not configuration.
 */
function variableOf(
  error: Pick<RoleChainConfigError, 'field' | 'hop'>,
  config: ServiceConfig,
): string | undefined {
  const kind: ChainKind = config.mode === 'demo' ? 'demo' : config.chain.kind;
  const hopPrefix = error.hop === undefined ? '' : `roles[${error.hop - 1}].`;
  const option = error.field.startsWith(hopPrefix) ? error.field.slice(hopPrefix.length) : error.field;
  return providerOptionVariables[kind].get(option) ?? (kind === 'profile' ? 'AWS_PROFILE' : undefined);
}

/** A credential provider's configuration error as the `ConfigError` of its variable (its message names the value). */
export function configErrorOf(
  error: Pick<RoleChainConfigError, 'field' | 'hop' | 'message'>,
  config: ServiceConfig,
): ConfigError | undefined {
  const variable = variableOf(error, config);
  return variable === undefined ? undefined : new ConfigError(variable, error.message);
}
