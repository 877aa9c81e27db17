/**
 * The service's work: who am I at the end of the chain, list the reports, read one, report the credentials'
 * health. Every AWS call goes through clients that carry the chained credentials and the identity logger.
 */
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { STSClient } from '@aws-sdk/client-sts';
import { getAssumedIdentity } from '@rolechain/credential-provider';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { Health, Report, ReportList, ReportSummary, ServiceApi, WhoAmI } from './api';

export interface ReportsServiceOptions {
  /** The chain's provider (the same one the clients hold). */
  credentials: AwsCredentialIdentityProvider;
  s3: S3Client;
  sts: STSClient;
  bucket: string;
  /** Default prefix of `listReports`. */
  prefix: string;
  health: () => Promise<Health>;
}

/** Pages fetched at most for one listing: enough for a sample, bounded so one request cannot run away. */
const maxPages = 10;

export function createReportsService(options: ReportsServiceOptions): ServiceApi {
  const { s3, sts, bucket } = options;
  return {
    async whoami(): Promise<WhoAmI> {
      const caller = await sts.send(new GetCallerIdentityCommand({}));
      const assumed = getAssumedIdentity(await options.credentials());
      return {
        arn: caller.Arn ?? '',
        account: caller.Account ?? '',
        userId: caller.UserId ?? '',
        ...(assumed?.sourceIdentity === undefined ? {} : { sourceIdentity: assumed.sourceIdentity }),
        source: {
          ...(assumed?.source.arn === undefined ? {} : { arn: assumed.source.arn }),
          accessKeyId: assumed?.source.accessKeyId ?? 'unknown',
        },
        chain: (assumed?.chain ?? []).map((hop) => ({
          roleArn: hop.roleArn,
          arn: hop.arn,
          expiresAt: hop.expiration.toISOString(),
        })),
      };
    },

    async listReports(requested): Promise<ReportList> {
      const prefix = requested ?? options.prefix;
      const reports: ReportSummary[] = [];
      let token: string | undefined;
      let truncated = false;
      for (let page = 0; page < maxPages; page += 1) {
        const result = await s3.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const object of result.Contents ?? []) {
          reports.push({
            key: object.Key ?? '',
            size: object.Size ?? 0,
            lastModified: object.LastModified?.toISOString() ?? '',
          });
        }
        token = result.NextContinuationToken;
        truncated = result.IsTruncated === true && token !== undefined;
        if (!truncated) break;
      }
      return { bucket, prefix, reports, truncated };
    },

    async getReport(key): Promise<Report> {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const body = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
      return { key, contentType: object.ContentType ?? 'application/octet-stream', body };
    },

    health: options.health,
  };
}
