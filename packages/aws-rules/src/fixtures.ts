/**
 * One table of role ARNs and regions, accepted and refused, for the tests of every package that takes them
 * (`@rolechain/aws-rules/fixtures`): the provider, the CLI's flags and `lint`, the identity-logger and the
 * sample service must all agree with it. Test data only; nothing here is used at runtime.
 */
import type { AssumedIdentity } from './assumed-identity';

/** Every partition in AWS's data, with a listed region of each. */
export const PARTITION_REGIONS: readonly (readonly [partition: string, region: string])[] = [
  ['aws', 'us-east-1'],
  ['aws-cn', 'cn-north-1'],
  ['aws-us-gov', 'us-gov-west-1'],
  ['aws-iso', 'us-iso-east-1'],
  ['aws-iso-b', 'us-isob-east-1'],
  ['aws-iso-e', 'eu-isoe-west-1'],
  ['aws-iso-f', 'us-isof-south-1'],
  ['aws-eusc', 'eusc-de-east-1'],
];

/** Regions every package accepts, with their partition: listed ones, global ones, and unlisted regex matches. */
export const VALID_REGIONS: readonly (readonly [region: string, partition: string])[] = [
  ...PARTITION_REGIONS.map(([partition, region]) => [region, partition] as const),
  ['eu-west-3', 'aws'],
  ['ap-southeast-7', 'aws'],
  ['mx-central-1', 'aws'],
  ['il-central-1', 'aws'],
  ['us-east-9', 'aws'],
  ['aws-global', 'aws'],
  ['cn-northwest-1', 'aws-cn'],
  ['cn-south-7', 'aws-cn'],
  ['aws-cn-global', 'aws-cn'],
  ['us-gov-east-1', 'aws-us-gov'],
  ['aws-us-gov-global', 'aws-us-gov'],
  ['us-iso-west-1', 'aws-iso'],
  ['aws-iso-b-global', 'aws-iso-b'],
  ['us-isof-east-1', 'aws-iso-f'],
  ['eusc-de-west-2', 'aws-eusc'],
];

/** Texts every package refuses as a region. */
export const INVALID_REGIONS: readonly string[] = [
  'mars-1',
  'xx-east-1',
  'eusc-fr-east-1',
  'US-EAST-1',
  'us-east',
  'us-east-1 ',
  ' us-east-1',
  'us-east-1\n',
  'us east 1',
  'us-east-1a',
  'local',
  'aws-mars-global',
  'sts.us-east-1.amazonaws.com',
  'https://sts.amazonaws.com',
  '',
  'Europe',
];

const account = '123456789012';

/** Role ARNs every package accepts: every partition, paths, 64-character names, every allowed punctuation. */
export const VALID_ROLE_ARNS: readonly string[] = [
  ...PARTITION_REGIONS.map(([partition]) => `arn:${partition}:iam::${account}:role/reader`),
  `arn:aws:iam::${account}:role/engineering/ci/deployer`,
  `arn:aws:iam::${account}:role/service-role/a:b/x`,
  `arn:aws:iam::${account}:role/${'r'.repeat(64)}`,
  `arn:aws:iam::${account}:role/a+b=c,d.e@f_g-h`,
  `arn:aws:iam::${account}:role/${'p'.repeat(510)}/${'n'.repeat(64)}`, // a path of 512 characters
  `arn:aws:iam::${account}:role/x`,
  `arn:aws:iam::000000000000:role/Admin`,
];

/** Texts every package refuses as a role ARN. */
export const INVALID_ROLE_ARNS: readonly string[] = [
  `arn:aws:iam::${account}:role/${'r'.repeat(65)}`,
  `arn:aws:iam::${account}:role/${'r'.repeat(100)}`,
  `arn:aws:iam::${account}:role/${'p'.repeat(511)}/x`, // a path of 513 characters
  `arn:aws:iam::${account}:role/`,
  `arn:aws:iam::${account}:role//x`,
  `arn:aws:iam::${account}:role/a b`,
  `arn:aws:iam::${account}:role/caf\u00e9`,
  `arn:aws:iam::${account}:role/x\n`,
  `arn:aws:iam::${account}:role`,
  `arn:aws:iam::${account}:user/x`,
  `arn:aws:iam::${account}:policy/x`,
  `arn:aws:sts::${account}:assumed-role/x/session`,
  `arn:aws:iam:us-east-1:${account}:role/x`,
  `arn:aws:iam::12345678901:role/x`,
  `arn:aws:iam::1234567890123:role/x`,
  `arn:aws:iam::aws:role/x`,
  `arn:aws:iam::${account}:Role/x`,
  `arn:azure:iam::${account}:role/x`,
  `arn::iam::${account}:role/x`,
  `ARN:aws:iam::${account}:role/x`,
  ` arn:aws:iam::${account}:role/x`,
  'reader',
  '',
];

/** A well-formed identity of decision 0001, one hop, for the tests of its reader and of the packages that name it. */
export const SAMPLE_ASSUMED_IDENTITY: AssumedIdentity = {
  arn: 'arn:aws:sts::333333333333:assumed-role/reader/ci-42',
  accountId: '333333333333',
  roleArn: 'arn:aws:iam::333333333333:role/reader',
  sessionName: 'ci-42',
  chain: [
    {
      roleArn: 'arn:aws:iam::333333333333:role/reader',
      arn: 'arn:aws:sts::333333333333:assumed-role/reader/ci-42',
      expiration: new Date(0),
    },
  ],
  source: { accessKeyId: 'AKIA…WXYZ' },
};
