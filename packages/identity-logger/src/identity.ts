import { accountIdFromAccessKeyId } from './account-id';
import { roleArnFromArn, sessionNameFromArn } from './arn';
import type { AssumedIdentityView } from './assumed-identity';
import { maskAccessKeyId } from '@rolechain/aws-rules';

/** Where the identity's details came from. */
export type ResolvedBy = 'rolechain' | 'sts' | 'none';

/** The identity that signed a request, as it appears in a record. Never holds a secret or a full key id. */
export interface LoggedIdentity {
  /** The principal's ARN: `arn:aws:sts::…:assumed-role/<role>/<session>`, `arn:aws:iam::…:user/<name>`… */
  readonly arn: string | null;
  readonly accountId: string | null;
  /**
   * The assumed role: from rolechain metadata, exactly; from an assumed-role ARN `GetCallerIdentity`
   * returned, without the role's path (the session ARN does not carry it). Null for users and unknown keys.
   */
  readonly roleArn: string | null;
  /** The signing access key id, masked: `ASIA…WXYZ`. */
  readonly accessKeyId: string;
  readonly sessionName: string | null;
  readonly sourceIdentity: string | null;
  /**
   * For rolechain identities: the base identity's ARN (when known), then the assumed-role ARN of every hop
   * before the last. Null when the chain is not known.
   */
  readonly chain: readonly string[] | null;
  readonly resolvedBy: ResolvedBy;
  /** Present when S3 Express signed with a bucket session created by this principal. */
  readonly s3ExpressSession?: true;
}

/** The identity described by rolechain metadata, found on the credentials that signed with `accessKeyId`. */
export function identityFromAssumed(view: AssumedIdentityView, accessKeyId: string): LoggedIdentity {
  const chain = view.sourceArn === undefined ? [] : [view.sourceArn];
  for (let i = 0; i < view.hopArns.length - 1; i++) chain.push(view.hopArns[i] as string);
  return Object.freeze({
    arn: view.arn,
    accountId: view.accountId,
    roleArn: view.roleArn,
    accessKeyId: maskAccessKeyId(accessKeyId),
    sessionName: view.sessionName,
    sourceIdentity: view.sourceIdentity ?? null,
    chain: Object.freeze(chain),
    resolvedBy: 'rolechain',
  });
}

/** The identity `GetCallerIdentity` reported for `accessKeyId`. */
export function identityFromCallerIdentity(
  caller: { readonly arn: string; readonly accountId: string },
  accessKeyId: string,
): LoggedIdentity {
  return Object.freeze({
    arn: caller.arn,
    accountId: caller.accountId,
    roleArn: roleArnFromArn(caller.arn),
    accessKeyId: maskAccessKeyId(accessKeyId),
    sessionName: sessionNameFromArn(caller.arn),
    sourceIdentity: null,
    chain: null,
    resolvedBy: 'sts',
  });
}

/** What is known of a key with no lookup: its masked form and the account it encodes. */
export function unresolvedIdentity(accessKeyId: string): LoggedIdentity {
  return Object.freeze({
    arn: null,
    accountId: accountIdFromAccessKeyId(accessKeyId),
    roleArn: null,
    accessKeyId: maskAccessKeyId(accessKeyId),
    sessionName: null,
    sourceIdentity: null,
    chain: null,
    resolvedBy: 'none',
  });
}

/** The principal's identity, signed for by one of its S3 Express bucket sessions (`sessionKeyId`). */
export function viaS3ExpressSession(principal: LoggedIdentity, sessionKeyId: string): LoggedIdentity {
  return Object.freeze({ ...principal, accessKeyId: maskAccessKeyId(sessionKeyId), s3ExpressSession: true });
}
