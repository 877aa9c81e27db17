/**
 * The role chain the service asks for, as `fromRoleChain` roles: every hop gets the service's stable session
 * name; the last hop, the one into the account that holds the reports, also gets the external id, the
 * session tags, the source identity and a session policy that narrows the role to reading one prefix.
 */

/** Session name on every hop: stable, so CloudTrail shows one name for the service. */
export const SESSION_NAME = 'sample-service';
/** Source identity set on the last hop; it stays on the session for CloudTrail. */
export const SOURCE_IDENTITY = 'sample-service';
/** Session tags on the last hop. */
export const SESSION_TAGS = { app: 'sample-service', purpose: 'reports' } as const;

/**
 * The partition a role ARN names (`arn:<partition>:iam::…`): the bucket the role reads is in the same one,
 * and the credential provider checks that the STS region is too. No partition table of our own.
 */
function partitionOfRoleArn(roleArn: string): string {
  return roleArn.split(':', 2)[1] ?? '';
}

/** The session policy the service sends, in the IAM policy grammar as far as it uses it. */
export interface SessionPolicy {
  Version: '2012-10-17';
  Statement: {
    Sid: string;
    Effect: 'Allow';
    Action: string;
    Resource: string;
    Condition?: Record<string, Record<string, string>>;
  }[];
}

export interface ReportsScope {
  /** The partition of the bucket's account, e.g. `aws`, `aws-cn`. */
  partition: string;
  bucket: string;
  /** `''` for the whole bucket. */
  prefix: string;
}

/** Session policy: read objects under the prefix and list only that prefix, nothing else. */
export function reportsSessionPolicy(scope: ReportsScope): SessionPolicy {
  const bucketArn = `arn:${scope.partition}:s3:::${scope.bucket}`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadReports',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: `${bucketArn}/${scope.prefix}*`,
      },
      {
        Sid: 'ListReports',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: bucketArn,
        ...(scope.prefix === '' ? {} : { Condition: { StringLike: { 's3:prefix': `${scope.prefix}*` } } }),
      },
    ],
  };
}

/** One hop, in the shape `fromRoleChain({ roles })` takes. */
export interface ChainHop {
  roleArn: string;
  roleSessionName: string;
  externalId?: string;
  tags?: Record<string, string>;
  sourceIdentity?: string;
  policy?: string;
}

/** The hops for the given role ARNs, first to last; the last one reads `bucket` under `prefix`. */
export function chainHops(
  roleArns: readonly string[],
  scope: Omit<ReportsScope, 'partition'>,
  externalId?: string,
): ChainHop[] {
  return roleArns.map((roleArn, index) =>
    index < roleArns.length - 1
      ? { roleArn, roleSessionName: SESSION_NAME }
      : {
          roleArn,
          roleSessionName: SESSION_NAME,
          ...(externalId === undefined ? {} : { externalId }),
          tags: { ...SESSION_TAGS },
          sourceIdentity: SOURCE_IDENTITY,
          policy: JSON.stringify(reportsSessionPolicy({ ...scope, partition: partitionOfRoleArn(roleArn) })),
        },
  );
}
