import { fromRoleChain } from '@rolechain/credential-provider';
import { describe, expect, test } from 'vitest';
import { createChainCredentials } from './chain-credentials';
import { ConfigError, DEMO_DEFAULTS, resolveConfig } from './config';

const reader = 'arn:aws:iam::333333333333:role/report-reader';
const deployer = 'arn:aws:iam::222222222222:role/deployer';

/** The demo's chain: fixed base keys (never sent anywhere here) and its two roles. */
const fixed = {
  source: {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
  },
  roleArns: [deployer, reader],
  now: Date.now,
};
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** The error of this environment: from the service's own checks, or from the provider built on them. */
function configError(env: Record<string, string>): ConfigError {
  try {
    createChainCredentials(resolveConfig(env), { logger: quiet, fixed });
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

  test.each(['::1', '0.0.0.0', 'localhost', 'reports.svc.cluster.local'])(
    'HOST=%s is listened on as given (an IP literal or a host name)',
    (host) => {
      expect(resolveConfig({ HOST: host }).host).toBe(host);
    },
  );

  test('ROLE_CHAIN keeps a comma inside a role name: IAM allows it, and the next entry starts with arn:', () => {
    const withComma = 'arn:aws:iam::333333333333:role/a+b=c,d.e@f_g-h';
    expect(
      resolveConfig({
        ROLE_CHAIN: `${deployer},${withComma}`,
        AWS_REGION: 'eu-west-1',
        REPORTS_BUCKET: 'b-1',
      }),
    ).toMatchObject({ chain: { kind: 'roles', roleArns: [deployer, withComma] } });
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
      { ROLE_CHAIN: `${deployer},,${reader}`, AWS_REGION: 'eu-west-1', REPORTS_BUCKET: 'b-1' },
      'ROLE_CHAIN: entry 2 of 3 is empty (expected comma-separated role ARNs)',
    ],
    [{ ROLE_CHAIN: reader, REPORTS_BUCKET: 'b-1' }, 'AWS_REGION: is required when talking to real AWS'],
    [{ ROLE_CHAIN: reader, AWS_REGION: 'eu-west-1' }, 'REPORTS_BUCKET: is required when talking to real AWS'],
    [
      { ROLE_CHAIN: reader, AWS_REGION: 'eu-west-1', REPORTS_BUCKET: 'My_Bucket' },
      "REPORTS_BUCKET: 'My_Bucket' is not a valid S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens)",
    ],
    [
      { AWS_PROFILE: 'p', EXTERNAL_ID: 'abc', AWS_REGION: 'eu-west-1', REPORTS_BUCKET: 'b-1' },
      'EXTERNAL_ID: is not used with AWS_PROFILE: set external_id in the profile instead',
    ],
    [{ PORT: '80a' }, "PORT: '80a' is not a port number (0 to 65535; 0 picks a free port)"],
    [{ PORT: '70000' }, "PORT: '70000' is not a port number (0 to 65535; 0 picks a free port)"],
    [{ HOST: 'a b' }, "HOST: 'a b' is not an IP address or a host name"],
    [{ HOST: '[::1]' }, "HOST: '[::1]' is not an IP address or a host name"],
    [{ HOST: 'svc..local' }, "HOST: 'svc..local' is not an IP address or a host name"],
    [{ HOST: '-svc' }, "HOST: '-svc' is not an IP address or a host name"],
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

describe('what the credential provider refuses names the variable it came from, and the value', () => {
  const aws = { AWS_REGION: 'eu-west-1', REPORTS_BUCKET: 'b-1' };
  test.each([
    [{ ...aws, ROLE_CHAIN: `${deployer},arn:aws:iam::33:role/x` }, 'ROLE_CHAIN', 2, 'arn:aws:iam::33:role/x'],
    [{ ...aws, ROLE_CHAIN: 'report-reader' }, 'ROLE_CHAIN', 1, 'report-reader'],
    [
      { ...aws, ROLE_CHAIN: `${deployer},${reader}`, EXTERNAL_ID: 'has space' },
      'EXTERNAL_ID',
      2,
      'has space',
    ],
    [{ ...aws, ROLE_CHAIN: reader, AWS_REGION: 'Ireland' }, 'AWS_REGION', undefined, 'Ireland'],
    [{ ...aws, AWS_PROFILE: 'p', AWS_REGION: 'Ireland' }, 'AWS_REGION', undefined, 'Ireland'],
    [{ ...aws, ROLE_CHAIN: 'arn:aws-cn:iam::222222222222:role/deployer' }, 'ROLE_CHAIN', 1, 'aws-cn'],
    [{ EXTERNAL_ID: 'x' }, 'EXTERNAL_ID', 2, 'x'],
    [{ AWS_REGION: 'Ireland' }, 'AWS_REGION', undefined, 'Ireland'],
    // The demo's role ARNs are fixed: a region of another partition is what is wrong.
    [{ AWS_REGION: 'cn-north-1' }, 'AWS_REGION', 1, 'cn-north-1'],
    // 500 quotes fit the service's 512-character limit, but not STS's 2048 once JSON-escaped, twice, in the policy.
    [{ REPORTS_PREFIX: '"'.repeat(500) }, 'REPORTS_PREFIX', 2, 'roles[1].policy'],
  ])('%j: %s', (env, variable, hop, value) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: ${hop === undefined ? '' : `hop ${hop}: `}`)).toBe(true);
    expect(error.message).toContain(value);
  });

  test.each([
    `arn:aws:iam::333333333333:role/team/${'r'.repeat(64)}`,
    `arn:aws:iam::333333333333:role/${'r'.repeat(65)}`,
    'arn:aws:iam::333333333333:role/team!ops/reader',
    'arn:aws:iam::333333333333:role/a b',
    'arn:aws:iam::333333333333:user/reader',
    'arn:aws:iam::3333:role/reader',
    'report-reader',
  ])('ROLE_CHAIN=%s is accepted exactly when the provider accepts it', (roleArn) => {
    const outcome = (act: () => unknown) => {
      try {
        act();
        return 'accepted';
      } catch (error) {
        return error instanceof Error ? `refused (${error.name})` : 'refused';
      }
    };
    const env = { ROLE_CHAIN: roleArn, AWS_REGION: 'eu-west-1', REPORTS_BUCKET: 'b-1' };
    const byProvider = outcome(() => fromRoleChain({ roles: [{ roleArn }], region: 'eu-west-1' }));
    const byService = outcome(() => createChainCredentials(resolveConfig(env), { logger: quiet }));
    expect(byService).toBe(byProvider === 'accepted' ? 'accepted' : 'refused (ConfigError)');
  });
});
