import { GetCallerIdentityCommand, STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { CallerIdentity, CallerIdentityLookup } from './caller-identity-resolver';

/** Configuration for the client that resolves unknown keys; its credentials are always the key's own. */
export type LookupClientConfig = Omit<STSClientConfig, 'credentials'>;

/**
 * A `GetCallerIdentity` lookup made on a short-lived client of its own: it has none of the logged client's
 * middleware (so it is never logged and cannot recurse), few retries and short timeouts by default (so an
 * unreachable STS costs little). `config` (endpoint, request handler, region…) overrides those defaults;
 * a request handler passed in is the caller's and is left open, one created here is closed after use.
 */
export function createStsLookup(config: LookupClientConfig = {}): CallerIdentityLookup {
  const ownsHandler = config.requestHandler === undefined;
  return async (credentials: AwsCredentialIdentity, region: string): Promise<CallerIdentity> => {
    const client = new STSClient({
      region,
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 },
      ...config,
      credentials: {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        ...(credentials.sessionToken === undefined ? {} : { sessionToken: credentials.sessionToken }),
      },
    });
    try {
      const { Arn, Account } = await client.send(new GetCallerIdentityCommand({}));
      if (Arn === undefined || Account === undefined) {
        throw new Error('GetCallerIdentity returned no Arn or Account');
      }
      return { arn: Arn, accountId: Account };
    } finally {
      if (ownsHandler) client.destroy();
    }
  };
}
