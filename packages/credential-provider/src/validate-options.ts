import {
  isExternalId,
  isMaxAttempts,
  isMfaSerialNumber,
  isPolicyArn,
  isRegion,
  isRoleArn,
  isSessionName,
  isTagKey,
  isTagValue,
  knownKeys,
  MAX_ATTEMPTS_RULE,
  partitionMismatch,
  partitionOfArn,
  partitionOfRegion,
  REGION_RULE,
  SESSION_NAME_RULE,
} from '@rolechain/aws-rules';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Logger } from '@smithy/types';
import type { BackoffOptions } from './backoff';
import { CHAINED_MAX_SECONDS } from './chained-duration';
import { RoleChainConfigError } from './errors';
import { meterProviderProblem, type RoleChainMeterProvider } from './metrics';
import type { MfaOptions, RoleChainHop, RoleChainOptions, StsClientConfig } from './options';
import { showValue as renderValue } from './redact';
import { DEFAULT_STARTUP_BUDGET_MS } from './startup-budget';
import type { RefreshWindowsOptions } from './refresh-windows';

/** A hop after validation: everything STS needs, in its wire shapes. */
export interface HopConfig {
  roleArn: string;
  roleSessionName: string | undefined;
  externalId: string | undefined;
  durationSeconds: number | undefined;
  policy: string | undefined;
  policyArns: string[] | undefined;
  tags: { Key: string; Value: string }[] | undefined;
  transitiveTagKeys: string[] | undefined;
  sourceIdentity: string | undefined;
  mfa: Required<MfaOptions> | undefined;
  region: string | undefined;
}

/** Options after validation. */
export interface ValidatedOptions {
  source: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
  hops: HopConfig[];
  region: string | undefined;
  stsClientConfig: StsClientConfig;
  logger: Logger | undefined;
  now: (() => number) | undefined;
  strictDuration: boolean;
  refreshWindows: RefreshWindowsOptions;
  backoff: BackoffOptions;
  timeoutMs: number;
  startupBudgetMs: number;
  meterProvider: RoleChainMeterProvider | false | undefined;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MFA_TIMEOUT_MS = 60_000;

const optionKeys = knownKeys<RoleChainOptions>({
  source: true,
  roles: true,
  region: true,
  stsClientConfig: true,
  logger: true,
  now: true,
  strictDuration: true,
  refreshWindows: true,
  backoff: true,
  timeoutMs: true,
  startupBudgetMs: true,
  meterProvider: true,
});
const hopKeys = knownKeys<RoleChainHop>({
  roleArn: true,
  roleSessionName: true,
  externalId: true,
  durationSeconds: true,
  policy: true,
  policyArns: true,
  tags: true,
  transitiveTagKeys: true,
  sourceIdentity: true,
  mfa: true,
  region: true,
});
const mfaKeys = knownKeys<MfaOptions>({ serialNumber: true, tokenCode: true, timeoutMs: true });
const refreshWindowsKeys = knownKeys<RefreshWindowsOptions>({
  advisoryMs: true,
  mandatoryMs: true,
  jitter: true,
});
const backoffKeys = knownKeys<BackoffOptions>({ baseMs: true, maxMs: true });

type Fail = (field: string, problem: string) => never;

/**
 * A value for an option error. Objects and arrays are named by kind only: credentials passed to the wrong
 * option (`region: credentials`) must not be echoed into a message, a log or a stack.
 */
export function showOptionValue(value: unknown): string {
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return renderValue(value);
}
const showValue = showOptionValue;

/**
 * Names a field the way its user wrote it. By default the option path (`roles[1].externalId`); a profile chain
 * names the profile and its setting instead.
 */
export type FieldLabel = (field: string, hop: number | undefined) => string;

function failer(hop?: number, label?: FieldLabel): Fail {
  return (field, problem) => {
    throw new RoleChainConfigError(label === undefined ? field : label(field, hop), problem, hop);
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rejectUnknownKeys(
  value: Record<string, unknown>,
  known: ReadonlySet<string>,
  prefix: string,
  fail: Fail,
): void {
  for (const key of Object.keys(value)) {
    if (!known.has(key)) fail(`${prefix}${key}`, `is not a known option (known: ${[...known].join(', ')})`);
  }
}

function optionalString(value: unknown, field: string, fail: Fail): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return fail(field, `must be a string, got ${showValue(value)}`);
  return value;
}

/** The longest delay a Node timer can hold; a longer one fires at once (after a TimeoutOverflowWarning). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Every millisecond option: a positive number a Node timer can hold. */
function positiveNumber(value: unknown, field: string, fail: Fail): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    return fail(field, `must be a positive number of milliseconds, got ${showValue(value)}`);
  }
  if (value > MAX_TIMER_MS) {
    return fail(
      field,
      `must be at most ${MAX_TIMER_MS} ms (about 24.8 days, the longest a Node timer can wait), got ${showValue(value)}`,
    );
  }
  return value;
}

function validateRegion(value: unknown, field: string, fail: Fail): string | undefined {
  const region = optionalString(value, field, fail);
  if (region !== undefined && !isRegion(region)) {
    fail(field, `must be ${REGION_RULE}, got ${showValue(region)}`);
  }
  return region;
}

/** STS's limit on a session policy's plaintext (managed policy ARNs and tags count against the packed size). */
const MAX_POLICY_CHARACTERS = 2048;
/** The characters STS accepts in a policy: tab, line feed, carriage return and U+0020–U+00FF. */
const POLICY_CHARACTERS = /^[\t\n\r\u0020-\u00FF]*$/;

/** Why `JSON.stringify` refused a policy object, in words that never quote the object. */
function unserialisable(error: unknown): string {
  if (error instanceof RangeError) return 'is nested too deeply to serialise';
  const message = error instanceof Error ? error.message : '';
  if (message.includes('circular')) return 'is circular (an object that contains itself)';
  if (message.includes('BigInt')) return 'holds a BigInt, which JSON cannot represent';
  return 'cannot be serialised as JSON (a toJSON method or getter threw)';
}

/**
 * `check(value)` for an optional field the user gave; undefined for one left out. Checks of optional fields run
 * only for fields that are there: V8 compiles a function the first time it runs, so a chain that leaves them out
 * never compiles them (with the metrics builder, about 4 M instructions of a cold start: figure 7).
 */
function ifGiven<T>(value: unknown, check: (given: unknown) => T): T | undefined {
  return value === undefined ? undefined : check(value);
}

function validatePolicy(value: unknown, field: string, fail: Fail): string {
  let text: string;
  if (typeof value === 'string') {
    text = value;
    if (text.length > MAX_POLICY_CHARACTERS) {
      fail(field, `must be 1–${MAX_POLICY_CHARACTERS} characters as JSON, got ${text.length}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return fail(field, `must be a JSON policy document, got ${showValue(text)}`);
    }
    if (!isRecord(parsed)) fail(field, `must be a JSON object, got ${showValue(text)}`);
  } else if (isRecord(value)) {
    let serialised: unknown;
    try {
      serialised = JSON.stringify(value);
    } catch (error) {
      return fail(field, unserialisable(error));
    }
    if (typeof serialised !== 'string')
      return fail(field, 'serialises to nothing (its toJSON returned undefined)');
    text = serialised;
  } else {
    return fail(field, `must be a policy document (string or object), got ${showValue(value)}`);
  }
  if (text.length < 1 || text.length > MAX_POLICY_CHARACTERS) {
    fail(field, `must be 1–${MAX_POLICY_CHARACTERS} characters as JSON, got ${text.length}`);
  }
  if (!POLICY_CHARACTERS.test(text)) {
    fail(
      field,
      'may hold only tab, line feed, carriage return and characters U+0020 to U+00FF (STS refuses others)',
    );
  }
  return text;
}

function validatePolicyArns(value: unknown, field: string, fail: Fail): string[] {
  if (!Array.isArray(value)) return fail(field, `must be an array of policy ARNs, got ${showValue(value)}`);
  if (value.length > 10) fail(field, `allows at most 10 policy ARNs, got ${value.length}`);
  return value.map((arn: unknown, i) => {
    if (!isPolicyArn(arn)) {
      return fail(`${field}[${i}]`, `must be an IAM policy ARN, got ${showValue(arn)}`);
    }
    return arn;
  });
}

function validateTags(value: unknown, field: string, fail: Fail): { Key: string; Value: string }[] {
  if (!isRecord(value))
    return fail(field, `must be an object of tag keys to values, got ${showValue(value)}`);
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    // A Map's entries (or a class's accessors) are not own keys: every tag would silently vanish.
    return fail(field, 'must be a plain object of tag keys to values (not a Map or a class instance)');
  }
  if (Object.getOwnPropertySymbols(value).length > 0) {
    return fail(field, 'tag keys must be strings: a symbol key would be dropped');
  }
  const entries = Object.entries(value);
  if (entries.length > 50) fail(field, `allows at most 50 tags, got ${entries.length}`);
  const seen = new Map<string, string>();
  return entries.map(([key, tagValue]) => {
    if (!isTagKey(key)) {
      fail(field, `tag key ${showValue(key)} must be 1–128 letters, digits, spaces or _.:/=+-@`);
    }
    if (key.toLowerCase().startsWith('aws:'))
      fail(field, `tag key ${showValue(key)} uses the reserved aws: prefix`);
    const duplicate = seen.get(key.toLowerCase());
    if (duplicate !== undefined) {
      fail(
        field,
        `tag keys are case-insensitive: ${showValue(duplicate)} and ${showValue(key)} are the same key`,
      );
    }
    seen.set(key.toLowerCase(), key);
    if (!isTagValue(tagValue)) {
      fail(
        `${field}.${key}`,
        `must be 0–256 letters, digits, spaces or _.:/=+-@, got ${showValue(tagValue)}`,
      );
    }
    return { Key: key, Value: tagValue };
  });
}

function validateTransitive(
  value: unknown,
  tags: { Key: string }[] | undefined,
  field: string,
  fail: Fail,
): string[] {
  if (!Array.isArray(value)) return fail(field, `must be an array of tag keys, got ${showValue(value)}`);
  if (value.length > 50) fail(field, `allows at most 50 keys, got ${value.length}`);
  const tagKeys = new Set((tags ?? []).map((tag) => tag.Key.toLowerCase()));
  return value.map((key: unknown, i) => {
    if (typeof key !== 'string' || !tagKeys.has(key.toLowerCase())) {
      return fail(`${field}[${i}]`, `must be one of the hop's tags, got ${showValue(key)}`);
    }
    return key;
  });
}

function validateMfa(value: unknown, field: string, fail: Fail): Required<MfaOptions> {
  if (!isRecord(value)) return fail(field, `must be { serialNumber, tokenCode }, got ${showValue(value)}`);
  rejectUnknownKeys(value, mfaKeys, `${field}.`, fail);
  const serialNumber = value['serialNumber'];
  if (!isMfaSerialNumber(serialNumber)) {
    fail(
      `${field}.serialNumber`,
      `must be an MFA device ARN or serial (9–256 characters), got ${showValue(serialNumber)}`,
    );
  }
  const tokenCode = value['tokenCode'];
  if (typeof tokenCode !== 'function') {
    fail(`${field}.tokenCode`, 'must be a function resolving the current code (a fixed code cannot refresh)');
  }
  const timeoutMs = positiveNumber(value['timeoutMs'], `${field}.timeoutMs`, fail) ?? DEFAULT_MFA_TIMEOUT_MS;
  return {
    serialNumber: serialNumber,
    tokenCode: tokenCode as () => Promise<string>,
    timeoutMs,
  };
}

function validateHop(
  value: unknown,
  index: number,
  earlierSourceIdentity: string | undefined,
  options: { region: string | undefined; strictDuration: boolean },
  label: FieldLabel | undefined,
): HopConfig {
  const hop = index + 1;
  const fail = failer(hop, label);
  const at = `roles[${index}]`;
  if (!isRecord(value)) return fail(at, `must be an object with a roleArn, got ${showValue(value)}`);
  rejectUnknownKeys(value, hopKeys, `${at}.`, fail);
  const raw = value as Partial<Record<keyof RoleChainHop, unknown>>;

  const roleArn = raw.roleArn;
  if (!isRoleArn(roleArn)) {
    return fail(
      `${at}.roleArn`,
      `must be an IAM role ARN like arn:aws:iam::123456789012:role/name, got ${showValue(roleArn)}`,
    );
  }
  const roleSessionName = optionalString(raw.roleSessionName, `${at}.roleSessionName`, fail);
  if (roleSessionName !== undefined && !isSessionName(roleSessionName)) {
    fail(`${at}.roleSessionName`, `must be ${SESSION_NAME_RULE}, got ${showValue(roleSessionName)}`);
  }
  const externalId = optionalString(raw.externalId, `${at}.externalId`, fail);
  if (externalId !== undefined && !isExternalId(externalId)) {
    fail(`${at}.externalId`, `must be 2–1224 characters of [\\w+=,.@:/-], got ${showValue(externalId)}`);
  }
  const durationSeconds = raw.durationSeconds;
  if (
    durationSeconds !== undefined &&
    (typeof durationSeconds !== 'number' ||
      !Number.isInteger(durationSeconds) ||
      durationSeconds < 900 ||
      durationSeconds > 43200)
  ) {
    fail(
      `${at}.durationSeconds`,
      `must be a whole number of seconds from 900 to 43200, got ${showValue(durationSeconds)}`,
    );
  }
  if (
    options.strictDuration &&
    index > 0 &&
    typeof durationSeconds === 'number' &&
    durationSeconds > CHAINED_MAX_SECONDS
  ) {
    fail(
      `${at}.durationSeconds`,
      `${durationSeconds} exceeds the 3600 s limit for roles assumed by role chaining (strictDuration is on)`,
    );
  }
  const sourceIdentity = optionalString(raw.sourceIdentity, `${at}.sourceIdentity`, fail);
  if (sourceIdentity !== undefined) {
    if (!isSessionName(sourceIdentity) || sourceIdentity.toLowerCase().startsWith('aws:')) {
      fail(
        `${at}.sourceIdentity`,
        `must be ${SESSION_NAME_RULE} not starting with aws:, got ${showValue(sourceIdentity)}`,
      );
    }
    if (earlierSourceIdentity !== undefined && earlierSourceIdentity !== sourceIdentity) {
      fail(
        `${at}.sourceIdentity`,
        `cannot change the source identity ${showValue(earlierSourceIdentity)} set on an earlier hop to ${showValue(sourceIdentity)}`,
      );
    }
  }
  const tags = ifGiven(raw.tags, (given) => validateTags(given, `${at}.tags`, fail));
  const region = validateRegion(raw.region, `${at}.region`, fail);
  const effectiveRegion = region ?? options.region;
  if (effectiveRegion !== undefined && partitionMismatch(roleArn, effectiveRegion)) {
    fail(
      `${at}.roleArn`,
      `is in partition ${String(partitionOfArn(roleArn))} but the STS region ${effectiveRegion} is in ${String(partitionOfRegion(effectiveRegion))}`,
    );
  }
  return {
    roleArn,
    roleSessionName,
    externalId,
    durationSeconds: durationSeconds as number | undefined,
    policy: ifGiven(raw.policy, (given) => validatePolicy(given, `${at}.policy`, fail)),
    policyArns: ifGiven(raw.policyArns, (given) => validatePolicyArns(given, `${at}.policyArns`, fail)),
    tags,
    transitiveTagKeys: ifGiven(raw.transitiveTagKeys, (given) =>
      validateTransitive(given, tags, `${at}.transitiveTagKeys`, fail),
    ),
    sourceIdentity,
    mfa: ifGiven(raw.mfa, (given) => validateMfa(given, `${at}.mfa`, fail)),
    region,
  };
}

function validateSource(value: unknown, fail: Fail): ValidatedOptions['source'] {
  if (value === undefined || typeof value === 'function') return value as ValidatedOptions['source'];
  if (
    isRecord(value) &&
    typeof value['accessKeyId'] === 'string' &&
    value['accessKeyId'] !== '' &&
    typeof value['secretAccessKey'] === 'string' &&
    value['secretAccessKey'] !== ''
  ) {
    return value as unknown as AwsCredentialIdentity;
  }
  // Never echo the value: it may hold a secret.
  return fail(
    'source',
    'must be credentials { accessKeyId, secretAccessKey, sessionToken? } or a credential provider',
  );
}

function validateMeterProvider(value: unknown, fail: Fail): RoleChainMeterProvider | false {
  const problem = meterProviderProblem(value);
  if (problem !== undefined) fail('meterProvider', `${problem}, got ${showValue(value)}`);
  return value as RoleChainMeterProvider | false;
}

function validateLogger(value: unknown, fail: Fail): Logger {
  if (
    !isRecord(value) ||
    !(['debug', 'info', 'warn', 'error'] as const).every((level) => typeof value[level] === 'function')
  ) {
    return fail('logger', 'must have debug, info, warn and error methods (the SDK Logger shape)');
  }
  return value as unknown as Logger;
}

function validateWindows(value: unknown, fail: Fail): RefreshWindowsOptions {
  if (!isRecord(value)) return fail('refreshWindows', `must be an object, got ${showValue(value)}`);
  rejectUnknownKeys(value, refreshWindowsKeys, 'refreshWindows.', fail);
  const advisoryMs = positiveNumber(value['advisoryMs'], 'refreshWindows.advisoryMs', fail);
  const mandatoryMs = positiveNumber(value['mandatoryMs'], 'refreshWindows.mandatoryMs', fail);
  if (advisoryMs !== undefined && mandatoryMs !== undefined && mandatoryMs > advisoryMs) {
    fail('refreshWindows.mandatoryMs', `must not exceed advisoryMs (${advisoryMs}), got ${mandatoryMs}`);
  }
  const jitter = value['jitter'];
  if (jitter !== undefined && typeof jitter !== 'boolean') {
    fail('refreshWindows.jitter', `must be a boolean, got ${showValue(jitter)}`);
  }
  return {
    ...(advisoryMs === undefined ? {} : { advisoryMs }),
    ...(mandatoryMs === undefined ? {} : { mandatoryMs }),
    ...(jitter === undefined ? {} : { jitter: jitter }),
  };
}

function validateBackoff(value: unknown, fail: Fail): BackoffOptions {
  if (!isRecord(value)) return fail('backoff', `must be an object, got ${showValue(value)}`);
  rejectUnknownKeys(value, backoffKeys, 'backoff.', fail);
  const baseMs = positiveNumber(value['baseMs'], 'backoff.baseMs', fail);
  const maxMs = positiveNumber(value['maxMs'], 'backoff.maxMs', fail);
  if (baseMs !== undefined && maxMs !== undefined && baseMs > maxMs) {
    fail('backoff.maxMs', `must be at least baseMs (${baseMs}), got ${maxMs}`);
  }
  return { ...(baseMs === undefined ? {} : { baseMs }), ...(maxMs === undefined ? {} : { maxMs }) };
}

function validateStsClientConfig(value: unknown, fail: Fail): StsClientConfig {
  if (value === undefined) return {};
  if (!isRecord(value)) return fail('stsClientConfig', `must be an object, got ${showValue(value)}`);
  if ('credentials' in value) {
    fail('stsClientConfig.credentials', 'is not used: pass base credentials as `source`');
  }
  if ('region' in value) fail('stsClientConfig.region', 'is not used: pass `region` (or a per-hop region)');
  if ('logger' in value) {
    fail(
      'stsClientConfig.logger',
      "is refused: the SDK's logger middleware would log STS answers with their session tokens, and MFA codes; pass `logger` instead",
    );
  }
  validateMaxAttempts(value['maxAttempts'], fail);
  return value;
}

/** `stsClientConfig.maxAttempts`: see aws-rules' `isMaxAttempts` (undefined keeps the provider's default). */
function validateMaxAttempts(value: unknown, fail: Fail): void {
  if (value !== undefined && !isMaxAttempts(value)) {
    fail('stsClientConfig.maxAttempts', `must be ${MAX_ATTEMPTS_RULE}, got ${showValue(value)}`);
  }
}

/** The most hops a chain may have: far beyond any real chain, and a bound on the work validation does. */
const MAX_HOPS = 100;

/**
 * Runs a check over user objects so that only `RoleChainConfigError` escapes: a getter or proxy trap that
 * throws is reported as unreadable options, never as its own TypeError (whose message is not ours to show).
 */
function readSafely<T>(field: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof RoleChainConfigError) throw error;
    throw new RoleChainConfigError(field, 'could not be read: a getter or proxy trap threw');
  }
}

/** Provider-wide options (everything but `roles`), checked and normalised. */
export function validateProviderOptions(
  options: Omit<RoleChainOptions, 'roles'>,
  label?: FieldLabel,
): Omit<ValidatedOptions, 'hops'> {
  return readSafely('options', () => checkProviderOptions(options, label));
}

function checkProviderOptions(
  options: Omit<RoleChainOptions, 'roles'>,
  label?: FieldLabel,
): Omit<ValidatedOptions, 'hops'> {
  const fail = failer(undefined, label);
  const input: unknown = options;
  if (!isRecord(input)) return fail('options', `must be an object with roles, got ${showValue(input)}`);
  rejectUnknownKeys(input, optionKeys, '', fail);
  const strictDuration = input['strictDuration'] ?? false;
  if (typeof strictDuration !== 'boolean') {
    fail('strictDuration', `must be a boolean, got ${showValue(strictDuration)}`);
  }
  const now = input['now'];
  if (now !== undefined && typeof now !== 'function') {
    fail('now', `must be a function returning epoch ms, got ${showValue(now)}`);
  }
  return {
    source: validateSource(input['source'], fail),
    region: validateRegion(input['region'], 'region', fail),
    stsClientConfig: validateStsClientConfig(input['stsClientConfig'], fail),
    logger: ifGiven(input['logger'], (given) => validateLogger(given, fail)),
    now: now as (() => number) | undefined,
    strictDuration: strictDuration as boolean,
    refreshWindows: ifGiven(input['refreshWindows'], (given) => validateWindows(given, fail)) ?? {},
    backoff: ifGiven(input['backoff'], (given) => validateBackoff(given, fail)) ?? {},
    timeoutMs: positiveNumber(input['timeoutMs'], 'timeoutMs', fail) ?? DEFAULT_TIMEOUT_MS,
    startupBudgetMs:
      positiveNumber(input['startupBudgetMs'], 'startupBudgetMs', fail) ?? DEFAULT_STARTUP_BUDGET_MS,
    meterProvider: ifGiven(input['meterProvider'], (given) => validateMeterProvider(given, fail)),
  };
}

/**
 * Checks every option before anything touches the network, and returns them normalised. Throws
 * `RoleChainConfigError` naming the hop, the field and the value (never a secret).
 */
export function validateOptions(options: RoleChainOptions): ValidatedOptions {
  const provider = validateProviderOptions(options);
  const roles = readSafely('roles', () => options.roles);
  return { ...provider, hops: validateHops(roles, provider) };
}

/**
 * Checks the roles of a chain whose provider-wide options `validateProviderOptions` has already checked;
 * `label` names the fields as their user wrote them.
 */
export function validateHops(
  roles: unknown,
  provider: { region: string | undefined; strictDuration: boolean },
  label?: FieldLabel,
): HopConfig[] {
  return readSafely('roles', () => checkHops(roles, provider, label));
}

function checkHops(
  roles: unknown,
  provider: { region: string | undefined; strictDuration: boolean },
  label?: FieldLabel,
): HopConfig[] {
  if (!Array.isArray(roles) || roles.length === 0) {
    throw new RoleChainConfigError(
      'roles',
      `must be a non-empty array of { roleArn }, got ${showValue(roles)}`,
    );
  }
  if (roles.length > MAX_HOPS) {
    throw new RoleChainConfigError('roles', `allows at most ${MAX_HOPS} hops, got ${roles.length}`);
  }
  let sourceIdentity: string | undefined;
  const hops: HopConfig[] = [];
  // A plain loop, not map(): map skips the holes of a sparse array, which would drop a hop silently.
  for (let index = 0; index < roles.length; index++) {
    const hop = validateHop(roles[index], index, sourceIdentity, provider, label);
    sourceIdentity = hop.sourceIdentity ?? sourceIdentity;
    hops.push(hop);
  }
  return hops;
}
