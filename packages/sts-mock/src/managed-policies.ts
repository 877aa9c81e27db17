// Managed policies and the permissions of principals: `createManagedPolicy`, the `policies`,
// `managedPolicyArns` and `permissionsBoundary` options of `createUser`/`createRole`, and the check that
// session `PolicyArns` name policies the mock has. Documents are checked by the one evaluator when they are
// given, so a policy IAM would refuse is refused here too, naming the field.
import { StsMockInputError, StsServiceError, shown } from './errors';
import { checkKnownKeys } from './known-keys';
import { compilePolicy } from './policy-evaluation';
import type { CompiledPolicy, PermissionPolicyDocument } from './policy-evaluation';
import type { PrincipalStore } from './store';

/** Input of `createManagedPolicy()`. */
export interface CreateManagedPolicyInput {
  /** The owning account, or `'aws'` for an AWS managed policy (`arn:aws:iam::aws:policy/…`) a test supplies. */
  readonly accountId: string;
  /** Policy name, `[\w+=,.@-]{1,128}`. */
  readonly name: string;
  /** The permissions policy: a document or its JSON text. */
  readonly document: PermissionPolicyDocument | string;
  /** IAM path, `/` by default, e.g. `/team/` (AWS managed policies use paths such as `/service-role/`). */
  readonly path?: string;
}

/** A managed policy created by the mock. */
export interface ManagedPolicy {
  /** `arn:<partition>:iam::<account or aws>:policy<path><name>`: what `managedPolicyArns`, `permissionsBoundary` and `PolicyArns` take. */
  readonly arn: string;
  readonly accountId: string;
  readonly name: string;
  readonly path: string;
}

/** A managed policy in the store: its ARN and checked document. */
export interface ManagedPolicyRecord {
  readonly arn: string;
  readonly accountId: string;
  readonly policy: CompiledPolicy;
}

/** The permissions options of `createUser()` and `createRole()`. */
export interface PermissionsInput {
  /** Inline identity-based policies: documents or their JSON text. */
  readonly policies?: readonly (PermissionPolicyDocument | string)[];
  /** ARNs of managed policies (`createManagedPolicy`) attached to the principal: its own account's or AWS's. */
  readonly managedPolicyArns?: readonly string[];
  /** ARN of the managed policy that sets the principal's permissions boundary. */
  readonly permissionsBoundary?: string;
}

/** A principal's identity-based policies and permissions boundary, checked. */
export interface PrincipalPermissions {
  readonly inline: readonly CompiledPolicy[];
  readonly managedPolicyArns: readonly string[];
  readonly permissionsBoundary: string | undefined;
}

const accountIdPattern = /^(?:\d{12}|aws)$/;
const policyNamePattern = /^[\w+=,.@-]{1,128}$/;
const pathPattern = /^\/(?:[\u0021-\u007E]+\/)?$/;
/** Inline policies a principal may have; IAM's quota is by total size, this bounds the work. */
const maxInlinePolicies = 10;
/** IAM's default quota of managed policies attached to a user or role (it can be raised to 20). */
const maxAttachedPolicies = 20;

/** Registers a managed policy; its ARN is what principals and sessions name it by. */
export function addManagedPolicy(
  store: PrincipalStore,
  partition: string,
  input: CreateManagedPolicyInput,
): ManagedPolicy {
  checkKnownKeys(input, ['accountId', 'name', 'document', 'path'], {
    call: 'createManagedPolicy()',
    param: 'input',
    prefix: '',
  });
  const accountId = checked('accountId', input.accountId, accountIdPattern, "a 12-digit account id or 'aws'");
  const name = checked('name', input.name, policyNamePattern, 'a policy name ([\\w+=,.@-]{1,128})');
  const path = checked('path', input.path ?? '/', pathPattern, "an IAM path like '/' or '/team/'");
  const arn = `arn:${partition}:iam::${accountId}:policy${path}${name}`;
  if (store.policies.has(arn)) {
    throw new StsMockInputError('name', `policy '${name}' already exists in ${accountId}`);
  }
  const policy = compilePolicy(input.document, 'document', 'permissions');
  store.policies.set(arn, { arn, accountId, policy });
  return { arn, accountId, name, path };
}

/** Checks the permissions options of a principal of `accountId`; `undefined` when none is given. */
export function checkPermissions(
  store: PrincipalStore,
  accountId: string,
  input: PermissionsInput,
): PrincipalPermissions | undefined {
  const { policies, managedPolicyArns, permissionsBoundary } = input;
  if (policies === undefined && managedPolicyArns === undefined && permissionsBoundary === undefined) {
    return undefined;
  }
  const inline = list('policies', policies, maxInlinePolicies).map((document, index) =>
    compilePolicy(document, `policies[${index}]`, 'permissions'),
  );
  const arns = list('managedPolicyArns', managedPolicyArns, maxAttachedPolicies).map((arn, index) =>
    attachable(store, `managedPolicyArns[${index}]`, arn, accountId),
  );
  const boundary =
    permissionsBoundary === undefined
      ? undefined
      : attachable(store, 'permissionsBoundary', permissionsBoundary, accountId);
  return { inline, managedPolicyArns: arns, permissionsBoundary: boundary };
}

/**
 * The error for session `PolicyArns` the mock has no policy for. The wording is the mock's own: we have no
 * capture of STS's answer to an unknown managed policy ARN.
 */
export function unknownPolicyArn(
  store: PrincipalStore,
  policyArns: readonly string[],
): StsServiceError | undefined {
  const unknown = policyArns.find((arn) => !store.policies.has(arn));
  if (unknown === undefined) return undefined;
  return new StsServiceError(
    'InvalidParameterValue',
    400,
    `Policy ${unknown} does not exist or is not attachable.`,
  );
}

function checked(field: string, value: unknown, pattern: RegExp, expected: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new StsMockInputError(field, `'${shown(value)}' is not ${expected}`);
  }
  return value;
}

function list(field: string, value: readonly unknown[] | undefined, max: number): readonly unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new StsMockInputError(field, `expected an array, got ${shown(value)}`);
  if (value.length > max) throw new StsMockInputError(field, `holds ${value.length} entries; at most ${max}`);
  return value;
}

/** A managed policy ARN a principal of `accountId` may attach: one the mock has, in its account or AWS's. */
function attachable(store: PrincipalStore, field: string, arn: unknown, accountId: string): string {
  if (typeof arn !== 'string') throw new StsMockInputError(field, `'${shown(arn)}' is not a policy ARN`);
  const record = store.policies.get(arn);
  if (record === undefined) {
    throw new StsMockInputError(field, `'${arn}' is not a managed policy of this mock (createManagedPolicy)`);
  }
  if (record.accountId !== accountId && record.accountId !== 'aws') {
    throw new StsMockInputError(field, `'${arn}' belongs to account ${record.accountId}, not ${accountId}`);
  }
  return arn;
}
