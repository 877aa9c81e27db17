import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { http, HttpResponse } from 'msw';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { RoleChainConfigError, RoleChainError } from './errors';
import { fromRoleChainProfile } from './from-role-chain-profile';
import { failOnUnhandledRejections } from './test-support/fail-on-unhandled-rejections';

// A base profile must resolve exactly the source it names. When that source fails, nothing else the machine
// offers (environment keys, a container or instance role, IRSA variables) may sign in its place.

const containerUrl = 'http://169.254.170.23/v1/credentials';
let containerCredentials: Record<string, string> | undefined;
let containerRequests = 0;

const { sts } = useStsMock({
  handlers: () => [
    http.get(containerUrl, () => {
      containerRequests += 1;
      return HttpResponse.json(containerCredentials);
    }),
  ],
});
failOnUnhandledRejections();

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const envUser = sts.createUser({ accountId: '111111111111', userName: 'env-user' });
const ec2 = sts.createUser({ accountId: '444444444444', userName: 'ec2' });
const instanceRole = sts.createRole({
  accountId: '444444444444',
  roleName: 'instance-role',
  trustedPrincipals: [ec2.arn],
});
const eks = sts.createOidcProvider({
  accountId: '555555555555',
  issuer: 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE',
  audiences: ['sts.amazonaws.com'],
});
const podRole = sts.createRole({
  accountId: '555555555555',
  roleName: 'pod-role',
  trustPolicy: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: eks.arn },
        Action: 'sts:AssumeRoleWithWebIdentity',
      },
    ],
  },
});
// Role a trusts every identity around, so signing as the wrong one would succeed.
const a = sts.createRole({
  accountId: '222222222222',
  roleName: 'a',
  trustedPrincipals: [alice.arn, envUser.arn, instanceRole.arn, podRole.arn],
});

const dir = mkdtempSync(join(tmpdir(), 'rolechain-profile-source-'));
const helper = join(dir, 'failing-helper.cjs');
writeFileSync(
  helper,
  "process.stderr.write('corp-login: session expired, run corp-login again\\n'); process.exit(3);\n",
);
const tokenFile = join(dir, 'token');
writeFileSync(
  tokenFile,
  sts.mintWebIdentityToken({
    issuer: eks.issuer,
    subject: 'system:serviceaccount:default:app',
    audience: 'sts.amazonaws.com',
    expiresInSeconds: 86_400,
  }),
);
const configFilepath = join(dir, 'config');
writeFileSync(
  configFilepath,
  `[profile helper]
credential_process = "${process.execPath}" "${helper}"

[profile a-via-helper]
role_arn = ${a.arn}
source_profile = helper

[profile token-only]
web_identity_token_file = ${tokenFile}

[profile a-via-token-only]
role_arn = ${a.arn}
source_profile = token-only

[profile irsa]
role_arn = ${podRole.arn}
web_identity_token_file = ${tokenFile}
role_session_name = app

[profile a-via-irsa]
role_arn = ${a.arn}
source_profile = irsa
`,
);
const filepath = join(dir, 'credentials');
writeFileSync(filepath, '');

beforeAll(async () => {
  const session = await new STSClient({ region: 'eu-west-1', credentials: ec2.credentials }).send(
    new AssumeRoleCommand({ RoleArn: instanceRole.arn, RoleSessionName: 'i-0123456789abcdef0' }),
  );
  const issued = session.Credentials;
  containerCredentials = {
    AccessKeyId: issued?.AccessKeyId ?? '',
    SecretAccessKey: issued?.SecretAccessKey ?? '',
    Token: issued?.SessionToken ?? '',
    Expiration: issued?.Expiration?.toISOString() ?? '',
  };
});

beforeEach(() => {
  containerRequests = 0;
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  // Every other identity a machine can offer, all at once.
  vi.stubEnv('AWS_ACCESS_KEY_ID', envUser.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', envUser.secretAccessKey);
  vi.stubEnv('AWS_CONTAINER_CREDENTIALS_FULL_URI', containerUrl);
});

function profile(name: string) {
  return fromRoleChainProfile({ profile: name, configFilepath, filepath, region: 'eu-west-1' });
}

async function failure(name: string): Promise<unknown> {
  return profile(name)().then(
    () => new Error('expected the provider to fail'),
    (error: unknown) => error,
  );
}

describe('a base profile resolves exactly the source it names', () => {
  it('fails with the error of a failing credential_process, never signing as the container role', async () => {
    const error = await failure('a-via-helper');
    expect(error).toBeInstanceOf(RoleChainError);
    expect(error).toMatchObject({ hop: 0, hops: 1 });
    expect((error as Error).message).toContain('corp-login: session expired, run corp-login again');
    expect(containerRequests).toBe(0);
    expect(sts.calls).toEqual([]);
  });

  it('fails with the helper error, never signing as the pod role of IRSA variables', async () => {
    vi.stubEnv('AWS_WEB_IDENTITY_TOKEN_FILE', tokenFile);
    vi.stubEnv('AWS_ROLE_ARN', podRole.arn);
    const error = await failure('a-via-helper');
    expect(error).toBeInstanceOf(RoleChainError);
    expect((error as Error).message).toContain('corp-login: session expired');
    expect(sts.calls).toEqual([]);
  });

  it('refuses a web_identity_token_file without role_arn before any call, instead of falling through', async () => {
    const error = await failure('a-via-token-only');
    expect(error).toBeInstanceOf(RoleChainConfigError);
    expect((error as Error).message).toBe(
      'profile "token-only" web_identity_token_file: needs role_arn in the same profile: the role the token is exchanged for (AssumeRoleWithWebIdentity)',
    );
    expect(containerRequests).toBe(0);
    expect(sts.calls).toEqual([]);
  });

  it('assumes the role of a web identity profile (role_arn + web_identity_token_file) with its token', async () => {
    await profile('a-via-irsa')();
    const assumed = sts.calls.filter((call) => call.action.startsWith('AssumeRole'));
    expect(assumed.map((call) => [call.action, call.params['RoleArn'], call.caller?.arn])).toEqual([
      ['AssumeRoleWithWebIdentity', podRole.arn, undefined],
      ['AssumeRole', a.arn, 'arn:aws:sts::555555555555:assumed-role/pod-role/app'],
    ]);
    expect(containerRequests).toBe(0);
  });
});
