import { newAccessKeyId, newSecretAccessKey, newSessionToken } from './ids';
import type { ManagedPolicyRecord, PrincipalPermissions } from './managed-policies';
import type { PolicyDocument } from './trust-policy';

/** A long-term IAM user with one access key. */
export interface UserRecord {
  readonly kind: 'user';
  readonly arn: string;
  readonly accountId: string;
  readonly userName: string;
  readonly path: string;
  readonly userId: string;
  readonly tags: ReadonlyMap<string, SessionTag>;
  /** Scope-down policies `GetScopedCredentials` layered on these credentials, oldest first (absent: none). */
  readonly scopedPolicies?: readonly string[];
  /** Identity-based policies and permissions boundary; none when absent. */
  readonly permissions?: PrincipalPermissions;
}

/** An IAM role that can be assumed. */
export interface RoleRecord {
  readonly arn: string;
  readonly roleId: string;
  readonly roleName: string;
  readonly path: string;
  readonly accountId: string;
  readonly trustPolicy: PolicyDocument;
  readonly maxSessionDuration: number;
  readonly tags: ReadonlyMap<string, SessionTag>;
  /** Identity-based policies and permissions boundary; none when absent. */
  readonly permissions?: PrincipalPermissions;
}

/** A session tag; maps of them are keyed by the lower-cased key (tag keys are case-insensitive). */
export interface SessionTag {
  readonly key: string;
  readonly value: string;
}

/** A role session issued by AssumeRole or AssumeRoleWithWebIdentity. */
export interface RoleSessionRecord {
  readonly kind: 'assumed-role';
  readonly arn: string;
  readonly accountId: string;
  /** `<role id>:<session name>`. */
  readonly userId: string;
  readonly role: RoleRecord;
  readonly sessionName: string;
  readonly sourceIdentity: string | undefined;
  readonly tags: ReadonlyMap<string, SessionTag>;
  /** Lower-cased keys of the tags that pass on to chained sessions. */
  readonly transitiveTagKeys: ReadonlySet<string>;
  readonly policy: string | undefined;
  readonly policyArns: readonly string[];
  /** ARN of the identity that called AssumeRole (or the web identity provider). */
  readonly issuedTo: string;
  readonly mfaAuthenticated: boolean;
  readonly expiration: Date;
  /** Scope-down policies `GetScopedCredentials` layered on these credentials, oldest first (absent: none). */
  readonly scopedPolicies?: readonly string[];
}

/** A federated user session issued by GetFederationToken to an IAM user. */
export interface FederatedUserRecord {
  readonly kind: 'federated-user';
  /** `arn:<partition>:sts::<acct>:federated-user/<name>`. */
  readonly arn: string;
  readonly accountId: string;
  /** `<acct>:<name>`. */
  readonly userId: string;
  readonly tags: ReadonlyMap<string, SessionTag>;
  readonly policy: string | undefined;
  readonly policyArns: readonly string[];
  /** ARN of the IAM user that called GetFederationToken. */
  readonly issuedTo: string;
  readonly expiration: Date;
  /** Scope-down policies `GetScopedCredentials` layered on these credentials, oldest first (absent: none). */
  readonly scopedPolicies?: readonly string[];
}

/** A member account's root user session issued by AssumeRoot, scoped by its task policy. */
export interface RootSessionRecord {
  readonly kind: 'root';
  /** `arn:<partition>:iam::<member account>:root`. */
  readonly arn: string;
  readonly accountId: string;
  /** The account id, as STS reports the root user's `UserId`. */
  readonly userId: string;
  readonly tags: ReadonlyMap<string, SessionTag>;
  /** Always absent: a root session has no inline session policy. */
  readonly policy: undefined;
  /** The one task policy ARN (`arn:aws:iam::aws:policy/root-task/…`) the session is limited to. */
  readonly policyArns: readonly string[];
  /** ARN of the management or delegated administrator identity that called AssumeRoot. */
  readonly issuedTo: string;
  readonly expiration: Date;
  readonly scopedPolicies?: readonly string[];
}

/**
 * Whose key it is: a user (long-term key or GetSessionToken), a role session, a federated user or a member
 * account's root session.
 */
export type Principal = UserRecord | RoleSessionRecord | FederatedUserRecord | RootSessionRecord;

/** An access key the mock knows: the secret, the owner, and for temporary keys the token and expiry. */
export interface KeyRecord {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly principal: Principal;
  readonly sessionToken: string | undefined;
  readonly expiration: Date | undefined;
  /** Temporary credentials obtained with an MFA code. */
  readonly mfaAuthenticated: boolean;
}

/** Users, roles and keys; survives `reset()`. */
export class PrincipalStore {
  readonly users = new Map<string, UserRecord>();
  readonly roles = new Map<string, RoleRecord>();
  readonly keys = new Map<string, KeyRecord>();
  /** Managed policies by ARN (customer managed, and the AWS managed ones a test supplies). */
  readonly policies = new Map<string, ManagedPolicyRecord>();

  /** Issues a long-term `AKIA…` key for a user: the pair the test gave, else a generated one. */
  addLongTermKey(
    user: UserRecord,
    given?: { readonly accessKeyId: string; readonly secretAccessKey: string },
  ): KeyRecord {
    const record: KeyRecord = {
      accessKeyId: given?.accessKeyId ?? newAccessKeyId('AKIA', user.accountId),
      secretAccessKey: given?.secretAccessKey ?? newSecretAccessKey(),
      principal: user,
      sessionToken: undefined,
      expiration: undefined,
      mfaAuthenticated: false,
    };
    this.keys.set(record.accessKeyId, record);
    return record;
  }

  /** Issues temporary `ASIA…` credentials for a principal. */
  addTemporaryKey(
    principal: Principal,
    expiration: Date,
    mfaAuthenticated: boolean,
    minimumTokenBytes?: number,
  ): KeyRecord {
    const record: KeyRecord = {
      accessKeyId: newAccessKeyId('ASIA', principal.accountId),
      secretAccessKey: newSecretAccessKey(),
      principal,
      sessionToken: newSessionToken(minimumTokenBytes),
      expiration,
      mfaAuthenticated,
    };
    this.keys.set(record.accessKeyId, record);
    return record;
  }
}
