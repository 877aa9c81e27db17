/**
 * The embedded default: a three-account organisation inside `@rolechain/sts-mock`, and the production
 * account's report bucket as a demo S3. No AWS account, no network.
 *
 *   identity 111111111111   user/alice                 the service's base identity (long-term keys)
 *   tooling  222222222222   role/deployer              trusts alice
 *   prod     333333333333   role/report-reader         trusts deployer with the external id, and lets it
 *                                                      tag the session and set the source identity
 *                           bucket acme-prod-reports   report-reader's identity policy lets it read the
 *                                                      bucket; nobody else may
 */
import type { HttpHandler } from 'msw';
import { createStsMock } from '@rolechain/sts-mock';
import type {
  CreateRoleInput,
  PermissionPolicyDocument,
  StsMock,
  StsRole,
  StsUser,
} from '@rolechain/sts-mock';
import { DEMO_DEFAULTS } from '../service/config';
import { createDemoS3Handlers } from './demo-s3';
import type { DemoBucket } from './demo-s3';
import { SESSION_TAGS, SOURCE_IDENTITY } from '../service/role-chain';

export const DEMO_ACCOUNTS = {
  identity: '111111111111',
  tooling: '222222222222',
  prod: '333333333333',
} as const;

type TrustPolicy = CreateRoleInput['trustPolicy'] & object;

export interface DemoOrganisationOptions {
  /** The shared demo clock, as the STS mock wants it. */
  now: () => Date;
  /** Replaces a role's trust policy, e.g. to show what a broken trust does to the service. */
  trust?: { deployer?: TrustPolicy; reportReader?: TrustPolicy };
}

export interface DemoOrganisation {
  sts: StsMock;
  user: StsUser;
  deployer: StsRole;
  reportReader: StsRole;
  bucket: DemoBucket;
  /** STS and S3 handlers, for one msw server. */
  handlers: HttpHandler[];
}

const object = (key: string, body: string, lastModified: string) => ({
  key,
  body,
  contentType: 'text/csv',
  lastModified: new Date(lastModified),
});

/** The reports in the demo bucket: three under `2026/`, which the session policy allows, and one outside. */
export const DEMO_REPORTS = [
  object(
    '2025/q4-revenue.csv',
    'region,revenue_eur\neu,1180000\nus,1395000\napac,610000\n',
    '2026-01-05T07:30:00Z',
  ),
  object(
    '2026/q1-revenue.csv',
    'region,revenue_eur\neu,1212000\nus,1450500\napac,640250\n',
    '2026-04-02T07:30:00Z',
  ),
  object(
    '2026/q2-revenue.csv',
    'region,revenue_eur\neu,1264800\nus,1502000\napac,688100\n',
    '2026-07-02T07:30:00Z',
  ),
  object(
    '2026/q3-revenue.csv',
    'region,revenue_eur\neu,1301500\nus,1544900\napac,702300\n',
    '2026-10-02T07:30:00Z',
  ),
];

/** Builds the organisation; the caller serves `handlers` with msw and hands `user.credentials` to the chain. */
export function createDemoOrganisation(options: DemoOrganisationOptions): DemoOrganisation {
  const bucketName = DEMO_DEFAULTS.bucket;
  const sts = createStsMock({ now: options.now });
  const user = sts.createUser({ accountId: DEMO_ACCOUNTS.identity, userName: 'alice' });
  const deployer = sts.createRole({
    accountId: DEMO_ACCOUNTS.tooling,
    roleName: 'deployer',
    maxSessionDuration: 7200,
    trustPolicy: options.trust?.deployer ?? {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: user.arn }, Action: 'sts:AssumeRole' }],
    },
  });
  const readReports: PermissionPolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: [`arn:aws:s3:::${bucketName}`, `arn:aws:s3:::${bucketName}/*`],
      },
    ],
  };
  const reportReader = sts.createRole({
    accountId: DEMO_ACCOUNTS.prod,
    roleName: 'report-reader',
    maxSessionDuration: 3600,
    policies: [readReports],
    trustPolicy: options.trust?.reportReader ?? {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DeployerWithTheExternalId',
          Effect: 'Allow',
          Principal: { AWS: deployer.arn },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': DEMO_DEFAULTS.externalId } },
        },
        {
          Sid: 'DeployerTagsItsSessions',
          Effect: 'Allow',
          Principal: { AWS: deployer.arn },
          Action: 'sts:TagSession',
          Condition: { StringEquals: { 'aws:RequestTag/app': SESSION_TAGS.app } },
        },
        {
          Sid: 'DeployerNamesTheSource',
          Effect: 'Allow',
          Principal: { AWS: deployer.arn },
          Action: 'sts:SetSourceIdentity',
          Condition: { StringEquals: { 'sts:SourceIdentity': SOURCE_IDENTITY } },
        },
      ],
    },
  });
  const bucket: DemoBucket = { name: bucketName, accountId: DEMO_ACCOUNTS.prod, objects: DEMO_REPORTS };
  const s3Handlers = createDemoS3Handlers({ sts, buckets: [bucket] });
  return { sts, user, deployer, reportReader, bucket, handlers: [...sts.handlers, ...s3Handlers] };
}
