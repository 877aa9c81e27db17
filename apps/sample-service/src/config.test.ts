import { describe, expect, test } from 'vitest';
import { ConfigError, DEMO_DEFAULTS, resolveConfig, variableOf } from './config';

const reader = 'arn:aws:iam::333333333333:role/report-reader';
const deployer = 'arn:aws:iam::222222222222:role/deployer';

function configError(env: Record<string, string>): ConfigError {
  try {
    resolveConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('resolveConfig accepted the configuration');
}

describe('mode', () => {
  test('no AWS configuration at all runs the embedded demo with its defaults', () => {
    expect(resolveConfig({})).toEqual({
      mode: 'demo',
      ...DEMO_DEFAULTS,
      port: 3000,
      host: '127.0.0.1',
      notes: [],
    });
  });

  test('ROLE_CHAIN selects real AWS, one hop per comma-separated ARN, the external id kept', () => {
    const config = resolveConfig({
      ROLE_CHAIN: ` ${deployer} , ${reader}`,
      EXTERNAL_ID: 'x-123',
      AWS_REGION: 'eu-central-1',
      REPORTS_BUCKET: 'team-reports',
      REPORTS_PREFIX: 'daily/',
      PORT: '8080',
    });
    expect(config).toMatchObject({
      mode: 'aws',
      chain: { kind: 'roles', roleArns: [deployer, reader] },
      externalId: 'x-123',
      region: 'eu-central-1',
      bucket: 'team-reports',
      prefix: 'daily/',
      port: 8080,
    });
  });

  test('AWS_PROFILE alone builds the chain from that profile', () => {
    expect(
      resolveConfig({ AWS_PROFILE: 'prod-reader', AWS_REGION: 'us-east-1', REPORTS_BUCKET: 'b-1' }),
    ).toMatchObject({
      mode: 'aws',
      chain: { kind: 'profile', profile: 'prod-reader' },
      prefix: '',
      notes: [],
    });
  });

  test('with AWS_PROFILE, REPORTS_PREFIX cannot narrow the session, and the service says so', () => {
    expect(
      resolveConfig({
        AWS_PROFILE: 'p',
        AWS_REGION: 'us-east-1',
        REPORTS_BUCKET: 'b-1',
        REPORTS_PREFIX: 'daily/',
      }).notes,
    ).toEqual([
      'REPORTS_PREFIX only sets the default listing prefix: a profile chain passes no session policy',
    ]);
  });

  test('ROLECHAIN_DEMO=1 wins over AWS_PROFILE and says the profile is not used', () => {
    const config = resolveConfig({ ROLECHAIN_DEMO: '1', AWS_PROFILE: 'dev' });
    expect(config.mode).toBe('demo');
    expect(config.notes).toEqual(['AWS_PROFILE=dev is not used: the embedded demo needs no AWS account']);
  });

  test('the tour forces the demo and notes every AWS setting it leaves aside', () => {
    const config = resolveConfig(
      { ROLE_CHAIN: reader, AWS_PROFILE: 'dev' },
      { forceDemo: true, defaultPort: 0 },
    );
    expect(config).toMatchObject({ mode: 'demo', port: 0 });
    expect(config.notes).toEqual([
      'ROLE_CHAIN is not used: the tour always runs on the embedded demo',
      'AWS_PROFILE=dev is not used: the tour always runs on the embedded demo',
    ]);
  });

  test('in the demo, EXTERNAL_ID, REPORTS_BUCKET, REPORTS_PREFIX and AWS_REGION override what the service sends', () => {
    expect(
      resolveConfig({
        EXTERNAL_ID: 'wrong-id',
        REPORTS_BUCKET: 'other',
        REPORTS_PREFIX: '2025/',
        AWS_REGION: 'us-west-2',
      }),
    ).toMatchObject({
      mode: 'demo',
      externalId: 'wrong-id',
      bucket: 'other',
      prefix: '2025/',
      region: 'us-west-2',
    });
  });

  test('empty variables count as unset', () => {
    expect(resolveConfig({ ROLE_CHAIN: '', AWS_PROFILE: '  ', PORT: '' })).toMatchObject({
      mode: 'demo',
      port: 3000,
    });
  });
});

describe('bad configuration names the variable and the value', () => {
  test.each([
    [{ ROLECHAIN_DEMO: 'yes' }, "ROLECHAIN_DEMO: 'yes' must be 1 (embedded demo) or 0 (real AWS)"],
    [
      { ROLECHAIN_DEMO: '0' },
      'ROLE_CHAIN: is required with ROLECHAIN_DEMO=0 (or set AWS_PROFILE to a role profile)',
    ],
    [
      { ROLECHAIN_DEMO: '1', ROLE_CHAIN: reader },
      'ROLE_CHAIN: cannot be combined with ROLECHAIN_DEMO=1 (the demo has its own chain); unset one',
    ],
    [
      { ROLE_CHAIN: `${deployer},arn:aws:iam::33:role/x`, AWS_REGION: 'eu-west-1', REPORTS_BUCKET: 'b-1' },
      "ROLE_CHAIN: entry 2 of 2 'arn:aws:iam::33:role/x' is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)",
    ],
    [
      { ROLE_CHAIN: `${deployer},,${reader}`, AWS_REGION: 'eu-west-1', REPORTS_BUCKET: 'b-1' },
      'ROLE_CHAIN: entry 2 of 3 is empty (expected comma-separated role ARNs)',
    ],
    [{ ROLE_CHAIN: reader, REPORTS_BUCKET: 'b-1' }, 'AWS_REGION: is required when talking to real AWS'],
    [{ ROLE_CHAIN: reader, AWS_REGION: 'eu-west-1' }, 'REPORTS_BUCKET: is required when talking to real AWS'],
    [
      { ROLE_CHAIN: reader, AWS_REGION: 'Ireland', REPORTS_BUCKET: 'b-1' },
      "AWS_REGION: 'Ireland' is not an AWS region name (for example eu-west-1)",
    ],
    [
      { ROLE_CHAIN: reader, AWS_REGION: 'eu-west-1', REPORTS_BUCKET: 'My_Bucket' },
      "REPORTS_BUCKET: 'My_Bucket' is not a valid S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens)",
    ],
    [
      { EXTERNAL_ID: 'has space' },
      "EXTERNAL_ID: 'has space' must be 2 to 1224 characters of letters, digits and +=,.@:/-_",
    ],
    [
      { AWS_PROFILE: 'p', EXTERNAL_ID: 'abc', AWS_REGION: 'eu-west-1', REPORTS_BUCKET: 'b-1' },
      'EXTERNAL_ID: is not used with AWS_PROFILE: set external_id in the profile instead',
    ],
    [{ PORT: '80a' }, "PORT: '80a' is not a port number (0 to 65535; 0 picks a free port)"],
    [{ PORT: '70000' }, "PORT: '70000' is not a port number (0 to 65535; 0 picks a free port)"],
    [
      { REPORTS_PREFIX: '/2026/' },
      "REPORTS_PREFIX: '/2026/' must not start with '/' and must be at most 512 characters",
    ],
  ])('%j', (env, message) => {
    const error = configError(env);
    expect(error.message).toBe(message);
    expect(error.variable).toBe(message.slice(0, message.indexOf(':')));
  });
});

test('a credential provider field maps to the variable it came from', () => {
  expect(
    [
      'roles[1].externalId',
      'profile "dev" external_id',
      'region',
      'profile "dev" source_profile',
      'roles[0].roleArn',
    ].map(variableOf),
  ).toEqual(['EXTERNAL_ID', 'EXTERNAL_ID', 'AWS_REGION', 'AWS_PROFILE', 'ROLE_CHAIN']);
});
