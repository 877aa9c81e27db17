/**
 * The JSON a `credential_process` prints, as the AWS CLI and SDKs read it. `SessionToken` and `Expiration` are
 * left out for long-term keys (a profile without a role, whose source gives neither), as AWS documents:
 * credentials without an `Expiration` do not expire.
 */
export interface ProcessCredentials {
  Version: 1;
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken?: string;
  Expiration?: string;
}

/** Converts chain credentials to the `credential_process` shape, with exactly the fields they have. */
export function toProcessCredentials(credentials: {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}): ProcessCredentials {
  return {
    Version: 1,
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    ...(credentials.sessionToken === undefined ? {} : { SessionToken: credentials.sessionToken }),
    ...(credentials.expiration === undefined ? {} : { Expiration: credentials.expiration.toISOString() }),
  };
}
