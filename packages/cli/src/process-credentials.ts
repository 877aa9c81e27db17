/** The JSON a `credential_process` prints, as the AWS CLI and SDKs read it. */
export interface ProcessCredentials {
  Version: 1;
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: string;
}

/** Converts chain credentials to the `credential_process` shape; they must carry a session token and expiry. */
export function toProcessCredentials(credentials: {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}): ProcessCredentials {
  if (credentials.sessionToken === undefined || credentials.expiration === undefined) {
    throw new Error('the role chain returned credentials without a session token or expiration');
  }
  return {
    Version: 1,
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    SessionToken: credentials.sessionToken,
    Expiration: credentials.expiration.toISOString(),
  };
}
