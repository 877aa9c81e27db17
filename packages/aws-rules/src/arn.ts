/**
 * ARNs the packages take from users: IAM roles, managed policies and MFA devices. The ARN's frame
 * (`arn:partition:service:region:account:resource`) is read by AWS's parser; IAM's name and path limits,
 * which no AWS package holds, are written here once.
 */
import { parseArn } from './aws-sdk-core.cjs';
import { MAX_ARN_LENGTH } from './partition';

/** A role ARN taken apart. */
export interface RoleArnParts {
  readonly partition: string;
  readonly accountId: string;
  /** `/` or `/engineering/ci/`. */
  readonly path: string;
  readonly roleName: string;
}

/** IAM `RoleName`: 1–64 characters of `[\w+=,.@-]`. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** IAM managed `PolicyName`: 1–128 characters of `[\w+=,.@-]`. */
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
/** IAM `Path`: `/`, or `/…/` of printable ASCII, at most 512 characters. */
const PATH = /^\/(?:[\x21-\x7E]+\/)?$/;
const MAX_PATH_LENGTH = 512;
const ACCOUNT_ID = /^\d{12}$/;
/** Partition ids as AWS writes them: `aws`, `aws-cn`, `aws-us-gov`, `aws-iso-b`, `aws-eusc`… */
const PARTITION_ID = /^aws(?:-[a-z]+)*$/;
/** STS `SerialNumber`: 9–256 characters of `[\w+=/:,.@-]`, a device ARN or a hardware serial. */
const SERIAL_NUMBER = /^[\w+=/:,.@-]{9,256}$/;
const MIN_ARN_LENGTH = 20;

/** What role ARNs look like, for error messages. */
export const ROLE_ARN_RULE =
  'an IAM role ARN like arn:aws:iam::123456789012:role/name (name 1–64 characters of [\\w+=,.@-], optional /path/)';
/** What policy ARNs look like, for error messages. */
export const POLICY_ARN_RULE = 'an IAM policy ARN like arn:aws:iam::aws:policy/ReadOnlyAccess';
/** What MFA serial numbers look like, for error messages. */
export const SERIAL_NUMBER_RULE = 'an MFA device ARN or serial (9–256 characters of [\\w+=/:,.@-])';

/** Whether `value` is a 12-digit AWS account id. */
export function isAccountId(value: unknown): value is string {
  return typeof value === 'string' && ACCOUNT_ID.test(value);
}

/** `arn:<partition>:iam::<account>:<type>/<path><name>` taken apart, or undefined. */
function iamResource(
  value: unknown,
  type: string,
  allowAwsAccount: boolean,
): { partition: string; accountId: string; path: string; name: string } | undefined {
  if (typeof value !== 'string' || value.length < MIN_ARN_LENGTH || value.length > MAX_ARN_LENGTH) {
    return undefined;
  }
  const arn = parseArn(value);
  if (arn === null || arn.service !== 'iam' || arn.region !== '' || !PARTITION_ID.test(arn.partition)) {
    return undefined;
  }
  if (!ACCOUNT_ID.test(arn.accountId) && !(allowAwsAccount && arn.accountId === 'aws')) return undefined;
  // The resource is everything after the fifth colon: a path may itself hold colons.
  const prefix = `arn:${arn.partition}:iam::${arn.accountId}:${type}`;
  if (!value.startsWith(prefix) || value.charAt(prefix.length) !== '/') return undefined;
  const rest = value.slice(prefix.length);
  const slash = rest.lastIndexOf('/');
  const path = rest.slice(0, slash + 1);
  if (path.length > MAX_PATH_LENGTH || !PATH.test(path)) return undefined;
  return { partition: arn.partition, accountId: arn.accountId, path, name: rest.slice(slash + 1) };
}

/** The parts of an IAM role ARN, or `undefined` when `value` is not one. */
export function parseRoleArn(value: unknown): RoleArnParts | undefined {
  const resource = iamResource(value, 'role', false);
  if (resource === undefined || !ROLE_NAME.test(resource.name)) return undefined;
  const { partition, accountId, path, name } = resource;
  return { partition, accountId, path, roleName: name };
}

/** Whether `value` is an IAM role ARN STS can assume: see {@link parseRoleArn}. */
export function isRoleArn(value: unknown): value is string {
  return parseRoleArn(value) !== undefined;
}

/** Whether `value` is an IAM managed policy ARN, the customer's (`…:123456789012:policy/…`) or AWS's (`…:aws:policy/…`). */
export function isPolicyArn(value: unknown): value is string {
  const resource = iamResource(value, 'policy', true);
  return resource !== undefined && POLICY_NAME.test(resource.name);
}

/** Whether `value` is an MFA serial number STS takes: a virtual device ARN or a hardware serial. */
export function isMfaSerialNumber(value: unknown): value is string {
  return typeof value === 'string' && SERIAL_NUMBER.test(value);
}
