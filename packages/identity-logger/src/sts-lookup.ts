import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { CallerIdentity } from './caller-identity-resolver';

/**
 * `GetCallerIdentity` with `credentials`, on a short-lived client of its own: it has none of the logged
 * client's middleware (so it is never logged and cannot recurse), few retries and short timeouts (so an
 * unreachable STS costs little), and is destroyed once answered.
 */
export async function lookupCallerIdentity(
  credentials: AwsCredentialIdentity,
  region: string,
): Promise<CallerIdentity> {
  const client = new STSClient({
    region,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken === undefined ? {} : { sessionToken: credentials.sessionToken }),
    },
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 },
  });
  try {
    const { Arn, Account } = await client.send(new GetCallerIdentityCommand({}));
    if (Arn === undefined || Account === undefined)
      throw new Error('GetCallerIdentity returned no Arn or Account');
    return { arn: Arn, accountId: Account };
  } finally {
    client.destroy();
  }
}
