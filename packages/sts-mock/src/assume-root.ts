import type { ActionHandler } from './action-context';
import { StsServiceError, messages, notAuthorized } from './errors';
import { partitionOf } from './principals';
import type { QueryValue } from './query';
import { ownParam, stringParam } from './query';
import { credentialsXml, expiresAfter, minimumTokenSize, sessionTokenSize } from './session-credentials';
import type { RootSessionRecord } from './store';
import { ParamValidator, patterns, validationError } from './validation';

/** The AWS managed policies a root session may be scoped to (`TaskPolicyArn`), per the client-sts model. */
export const rootTaskPolicies: readonly string[] = [
  'IAMAuditRootUserCredentials',
  'IAMCreateRootUserPassword',
  'IAMDeleteRootUserCredentials',
  'S3UnlockBucketPolicy',
  'SQSUnlockQueuePolicy',
];

const accountIdPattern = /^\d{12}$/;
const rootArnPattern = /^arn:[a-z-]+:iam::(\d{12}):root$/;

function structField(value: QueryValue | undefined, name: string): string | undefined {
  if (value === undefined || typeof value === 'string' || Array.isArray(value)) return undefined;
  const member = ownParam(value as Readonly<Record<string, QueryValue>>, name);
  return typeof member === 'string' ? member : undefined;
}

/**
 * `AssumeRoot`: short-term root credentials for a member account, for a caller in the organization's
 * management account or a delegated administrator account, limited to one root task policy. The session's
 * identity is `arn:<partition>:iam::<member>:root`; the task policy ARN is stored as its `policyArns`.
 */
export const assumeRoot: ActionHandler = ({ store, now, params, caller, federation }) => {
  if (caller === undefined)
    throw new StsServiceError('MissingAuthenticationToken', 403, messages.missingAuth);
  const target = stringParam(params, 'TargetPrincipal');
  const taskPolicy = ownParam(params, 'TaskPolicyArn');
  const taskPolicyArn = structField(taskPolicy, 'arn');
  const validator = new ParamValidator();
  if (validator.required('targetPrincipal', target)) {
    validator.string('targetPrincipal', target, { min: 12, max: 2048, ...patterns.arn });
  }
  if (validator.required('taskPolicyArn', taskPolicy)) {
    validator.string('taskPolicyArn.arn', taskPolicyArn, { min: 20, max: 2048, ...patterns.arn });
  }
  const durationSeconds = validator.integer(
    'durationSeconds',
    stringParam(params, 'DurationSeconds'),
    0,
    900,
  );
  const minimumBytes = minimumTokenSize(params, validator);
  const invalid = validator.error();
  if (invalid !== undefined) throw invalid;

  const targetAccount = accountOfTarget(target ?? '');
  if (targetAccount === undefined) {
    throw validationError(
      `TargetPrincipal '${target ?? ''}' is not a 12-digit account id or an account root ARN`,
    );
  }
  const partition = partitionOf(caller.principal.arn);
  const taskName = taskPolicyArn?.startsWith(`arn:${partition}:iam::aws:policy/root-task/`)
    ? taskPolicyArn.slice(taskPolicyArn.lastIndexOf('/') + 1)
    : undefined;
  if (taskName === undefined || !rootTaskPolicies.includes(taskName)) {
    throw validationError(
      `TaskPolicyArn '${taskPolicyArn ?? ''}' is not a root task policy (arn:${partition}:iam::aws:policy/root-task/ followed by one of ${rootTaskPolicies.join(', ')})`,
    );
  }
  const principal = caller.principal;
  const rootArn = `arn:${partition}:iam::${targetAccount}:root`;
  if (
    principal.kind === 'root' ||
    principal.kind === 'federated-user' ||
    federation.organizations.rootAccessFor(principal.accountId, targetAccount) === undefined
  ) {
    throw notAuthorized(principal.arn, 'sts:AssumeRoot', rootArn);
  }

  const expiration = expiresAfter(now, durationSeconds ?? 900);
  const session: RootSessionRecord = {
    kind: 'root',
    arn: rootArn,
    accountId: targetAccount,
    userId: targetAccount,
    tags: new Map(),
    policy: undefined,
    policyArns: [taskPolicyArn ?? ''],
    issuedTo: principal.arn,
    expiration,
  };
  const key = store.addTemporaryKey(session, expiration, caller.mfaAuthenticated, minimumBytes);
  return {
    Credentials: credentialsXml(key),
    SourceIdentity: principal.kind === 'assumed-role' ? principal.sourceIdentity : undefined,
    SessionTokenSize: sessionTokenSize(key),
  };
};

/** The account a `TargetPrincipal` names: a 12-digit id or `arn:…:iam::<id>:root`. */
function accountOfTarget(target: string): string | undefined {
  if (accountIdPattern.test(target)) return target;
  return rootArnPattern.exec(target)?.[1];
}
