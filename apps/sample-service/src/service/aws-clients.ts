/**
 * The S3 and STS clients the service calls AWS with: the chain's credentials, every call logged with the
 * identity that signed it (`@rolechain/identity-logger`), and a session revoked or expired early
 * (`ExpiredToken`, `InvalidClientTokenId`) answered with new credentials and one retry.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { invalidateOnAuthErrorPlugin } from '@rolechain/credential-provider';
import type { RoleChainProvider } from '@rolechain/credential-provider';
import { identityLoggerPlugin } from '@rolechain/identity-logger';
import type { Logger } from '@smithy/types';

export interface AwsClients {
  s3: S3Client;
  sts: STSClient;
}

export function createAwsClients(options: {
  region: string;
  credentials: RoleChainProvider;
  logger: Logger;
}): AwsClients {
  const { region, credentials, logger } = options;
  const s3 = new S3Client({ region, credentials });
  const sts = new STSClient({ region, credentials });
  for (const client of [s3, sts]) {
    client.middlewareStack.use(identityLoggerPlugin({ logger }));
    client.middlewareStack.use(invalidateOnAuthErrorPlugin(credentials));
  }
  return { s3, sts };
}
