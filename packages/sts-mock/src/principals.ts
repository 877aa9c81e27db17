import { StsMockInputError, shown } from './errors';
import { newId } from './ids';
import { checkKnownKeys } from './known-keys';
import { checkPermissions } from './managed-policies';
import type { PermissionsInput } from './managed-policies';
import { createVirtualMfaDevice } from './mfa';
import type { VirtualMfaDevice } from './mfa';
import type { PrincipalStore, RoleRecord, SessionTag, UserRecord } from './store';
import { parsePolicyDocument, trustPolicyFor } from './trust-policy';
import type { PolicyDocument } from './trust-policy';

/** AWS partitions the mock can build ARNs for. */
export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

/** Input of `createUser()`. */
export interface CreateUserInput extends PermissionsInput {
  readonly accountId: string;
  readonly userName: string;
  /** IAM path, `/` by default, e.g. `/team/`. */
  readonly path?: string;
  /** Principal tags, visible to trust conditions as `aws:PrincipalTag/<key>`. */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Give the user a virtual MFA device (serial `arn:…:iam::<acct>:mfa/<userName>`); read its current code
   * with `sts.mfaCode(serialNumber)`. An object sets the device's Base32 seed.
   */
  readonly mfa?: boolean | { readonly base32Seed: string };
  /**
   * The user's long-term access key id (`AKIA` and 16 of `A-Z0-9`), unique in the mock; give it with
   * `secretAccessKey`. Generated when absent.
   */
  readonly accessKeyId?: string;
  /** The secret of `accessKeyId`: 16 to 128 printable ASCII characters without spaces. Generated when absent. */
  readonly secretAccessKey?: string;
}

/** A user created by the mock; its secret is not enumerable, so logging the object never shows it. */
export interface StsUser {
  readonly arn: string;
  readonly accountId: string;
  readonly userName: string;
  /** `AIDA…`. */
  readonly userId: string;
  /** `AKIA…`. */
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Serial number of the user's virtual MFA device, when created with `mfa`. */
  readonly mfaSerialNumber?: string;
  /** `{ accessKeyId, secretAccessKey }`, ready for an SDK client's `credentials`. */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** Input of `createRole()`: give `trustPolicy` or the `trustedPrincipals` shorthand. */
export type CreateRoleInput = {
  readonly accountId: string;
  readonly roleName: string;
  /** IAM path, `/` by default, e.g. `/team/`. */
  readonly path?: string;
  /** 3600 to 43200 seconds; 3600 by default. */
  readonly maxSessionDuration?: number;
  /** Role tags, visible to trust conditions of chained sessions as `aws:PrincipalTag/<key>`. */
  readonly tags?: Readonly<Record<string, string>>;
} & PermissionsInput &
  (
    | { readonly trustPolicy: PolicyDocument | string; readonly trustedPrincipals?: never }
    | { readonly trustedPrincipals: readonly string[]; readonly trustPolicy?: never }
  );

/** A role created by the mock. */
export interface StsRole {
  readonly arn: string;
  /** `AROA…`. */
  readonly roleId: string;
  readonly roleName: string;
  readonly accountId: string;
  readonly path: string;
  readonly maxSessionDuration: number;
}

/** The users' virtual MFA devices by serial number, with the ARN of the user each belongs to. */
export type MfaDevices = Map<string, { readonly device: VirtualMfaDevice; readonly userArn: string }>;

const accountIdPattern = /^\d{12}$/;
const namePattern = /^[\w+=,.@-]{1,64}$/;
const pathPattern = /^\/(?:[\u0021-\u007E]+\/)?$/;
/** The partitions `createStsMock({ partition })` accepts. */
export const partitions: readonly Partition[] = ['aws', 'aws-cn', 'aws-us-gov'];

/** The partition of an ARN the mock issued (`arn:<partition>:…`). */
export function partitionOf(arn: string): string {
  return arn.split(':')[1] ?? 'aws';
}

/** `value` when it is a string matching `pattern`; otherwise an input error naming the field. */
export function checkString(field: string, value: unknown, pattern: RegExp, expected: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new StsMockInputError(field, `'${shown(value)}' is not ${expected}`);
  }
  return value;
}

function checkTags(
  field: string,
  tags: Readonly<Record<string, string>> | undefined,
): Map<string, SessionTag> {
  const out = new Map<string, SessionTag>();
  if (tags === undefined) return out;
  if (typeof tags !== 'object' || (tags as unknown) === null || Array.isArray(tags) || tags instanceof Map) {
    // An array's tags would be keyed '0', '1', …; a Map's entries are not own keys and would vanish.
    throw new StsMockInputError(field, 'expected an object of tag keys to values');
  }
  for (const [key, value] of Object.entries(tags)) {
    if (typeof value !== 'string')
      throw new StsMockInputError(`${field}.${key}`, 'tag values must be strings');
    const lower = key.toLowerCase();
    if (out.has(lower))
      throw new StsMockInputError(`${field}.${key}`, 'duplicate tag key (keys are case-insensitive)');
    out.set(lower, { key, value });
  }
  return out;
}

/** Registers a user with a long-term key (and an MFA device when asked). */
const userKeys = Object.keys({
  accountId: 0,
  userName: 0,
  path: 0,
  tags: 0,
  mfa: 0,
  policies: 0,
  managedPolicyArns: 0,
  permissionsBoundary: 0,
  accessKeyId: 0,
  secretAccessKey: 0,
} satisfies Record<keyof CreateUserInput, 0>);
const roleKeys = Object.keys({
  accountId: 0,
  roleName: 0,
  path: 0,
  maxSessionDuration: 0,
  tags: 0,
  trustPolicy: 0,
  trustedPrincipals: 0,
  policies: 0,
  managedPolicyArns: 0,
  permissionsBoundary: 0,
} satisfies Record<keyof CreateRoleInput | 'trustPolicy' | 'trustedPrincipals', 0>);

export function addUser(
  store: PrincipalStore,
  partition: Partition,
  mfaDevices: MfaDevices,
  input: CreateUserInput,
): StsUser {
  checkKnownKeys(input, userKeys, { call: 'createUser()', param: 'input', prefix: '' });
  const accountId = checkString('accountId', input.accountId, accountIdPattern, 'a 12-digit account id');
  const userName = checkString('userName', input.userName, namePattern, 'a user name ([\\w+=,.@-]{1,64})');
  const path = checkString('path', input.path ?? '/', pathPattern, "an IAM path like '/' or '/team/'");
  const arn = `arn:${partition}:iam::${accountId}:user${path}${userName}`;
  if (store.users.has(arn))
    throw new StsMockInputError('userName', `user '${userName}' already exists in ${accountId}`);
  const permissions = checkPermissions(store, accountId, input);
  const givenKey = checkGivenKey(store, input);
  const user: UserRecord = {
    ...(permissions === undefined ? {} : { permissions }),
    kind: 'user',
    arn,
    accountId,
    userName,
    path,
    userId: newId('AIDA'),
    tags: checkTags('tags', input.tags),
  };
  const device = mfaDeviceFor(input.mfa, `arn:${partition}:iam::${accountId}:mfa${path}${userName}`);
  store.users.set(arn, user);
  if (device !== undefined) mfaDevices.set(device.serialNumber, { device, userArn: arn });
  const key = store.addLongTermKey(user, givenKey);
  const created = {
    arn,
    accountId,
    userName,
    userId: user.userId,
    accessKeyId: key.accessKeyId,
    ...(device === undefined ? {} : { mfaSerialNumber: device.serialNumber }),
  };
  Object.defineProperties(created, {
    secretAccessKey: { value: key.secretAccessKey, enumerable: false },
    credentials: {
      get: () => ({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey }),
      enumerable: false,
    },
  });
  return created as StsUser;
}

/** Registers a role with its trust policy. */
export function addRole(store: PrincipalStore, partition: Partition, input: CreateRoleInput): StsRole {
  checkKnownKeys(input, roleKeys, { call: 'createRole()', param: 'input', prefix: '' });
  const accountId = checkString('accountId', input.accountId, accountIdPattern, 'a 12-digit account id');
  const roleName = checkString('roleName', input.roleName, namePattern, 'a role name ([\\w+=,.@-]{1,64})');
  const path = checkString('path', input.path ?? '/', pathPattern, "an IAM path like '/' or '/team/'");
  const maxSessionDuration = input.maxSessionDuration ?? 3600;
  if (!Number.isInteger(maxSessionDuration) || maxSessionDuration < 3600 || maxSessionDuration > 43200) {
    throw new StsMockInputError(
      'maxSessionDuration',
      `${shown(maxSessionDuration)} is not an integer from 3600 to 43200 seconds`,
    );
  }
  const { trustPolicy, trustedPrincipals } = input as {
    trustPolicy?: unknown;
    trustedPrincipals?: readonly string[];
  };
  if ((trustPolicy === undefined) === (trustedPrincipals === undefined)) {
    throw new StsMockInputError('trustPolicy', 'give exactly one of trustPolicy or trustedPrincipals');
  }
  const policy =
    trustedPrincipals === undefined
      ? parsePolicyDocument(trustPolicy, 'trustPolicy')
      : trustPolicyFor(trustedPrincipals);
  const arn = `arn:${partition}:iam::${accountId}:role${path}${roleName}`;
  if (store.roles.has(arn))
    throw new StsMockInputError('roleName', `role '${roleName}' already exists in ${accountId}`);
  const permissions = checkPermissions(store, accountId, input);
  const role: RoleRecord = {
    ...(permissions === undefined ? {} : { permissions }),
    arn,
    roleId: newId('AROA'),
    roleName,
    path,
    accountId,
    trustPolicy: policy,
    maxSessionDuration,
    tags: checkTags('tags', input.tags),
  };
  store.roles.set(arn, role);
  return { arn, roleId: role.roleId, roleName, accountId, path, maxSessionDuration };
}

const longTermKeyIdPattern = /^AKIA[A-Z0-9]{16}$/;
const secretPattern = /^[\x21-\x7e]{16,128}$/;

/**
 * The key pair a user was given, checked: both or neither, an unused `AKIA` key id, a plausible secret. The
 * secret is never part of an error (a wrong value may still be someone's real secret).
 */
function checkGivenKey(
  store: PrincipalStore,
  input: CreateUserInput,
): { readonly accessKeyId: string; readonly secretAccessKey: string } | undefined {
  const { accessKeyId, secretAccessKey } = input;
  if (accessKeyId === undefined && secretAccessKey === undefined) return undefined;
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    throw new StsMockInputError(
      accessKeyId === undefined ? 'accessKeyId' : 'secretAccessKey',
      'give accessKeyId and secretAccessKey together, or neither (then both are generated)',
    );
  }
  const keyId = checkString(
    'accessKeyId',
    accessKeyId,
    longTermKeyIdPattern,
    "a long-term access key id ('AKIA' and 16 of A-Z0-9)",
  );
  if (typeof secretAccessKey !== 'string' || !secretPattern.test(secretAccessKey)) {
    const got =
      typeof secretAccessKey === 'string'
        ? `a string of ${secretAccessKey.length} characters`
        : typeof secretAccessKey;
    throw new StsMockInputError(
      'secretAccessKey',
      `expected 16 to 128 printable ASCII characters without spaces, got ${got} (not shown)`,
    );
  }
  const holder = store.keys.get(keyId);
  if (holder !== undefined) {
    throw new StsMockInputError(
      'accessKeyId',
      `'${keyId}' is already the access key of ${holder.principal.arn}`,
    );
  }
  return { accessKeyId: keyId, secretAccessKey };
}

function mfaDeviceFor(mfa: CreateUserInput['mfa'], serialNumber: string): VirtualMfaDevice | undefined {
  if (mfa === undefined || mfa === false) return undefined;
  if (mfa === true) return createVirtualMfaDevice({ serialNumber });
  if (typeof mfa !== 'object' || (mfa as unknown) === null) {
    // A string here is most likely the seed itself: never echo it.
    const got = typeof mfa === 'string' ? 'a string' : shown(mfa);
    throw new StsMockInputError('mfa', `expected true or { base32Seed }, got ${got}`);
  }
  checkKnownKeys(mfa, ['base32Seed'], { call: 'createUser()', param: 'mfa', prefix: 'mfa.' });
  return createVirtualMfaDevice({ serialNumber, base32Seed: mfa.base32Seed });
}
