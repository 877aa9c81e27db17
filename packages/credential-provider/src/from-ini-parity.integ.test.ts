import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity } from '@smithy/types';
import { http, HttpResponse } from 'msw';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { RoleChainConfigError, RoleChainError } from './errors';
import { fromRoleChainProfile } from './from-role-chain-profile';
import { failOnUnhandledRejections } from './test-support/fail-on-unhandled-rejections';
import { profileParityTable, type ParityWorld } from './test-support/profile-parity-table';

// The SDK's fromIni is the oracle: on the same files and the same mock, fromRoleChainProfile must sign as the
// same identity, fail as it does with an error at least as specific, or differ as the README documents.

const region = 'eu-west-1';
/** The mock's clock runs ahead by this much; moved 30 s between the two providers so an MFA code is fresh. */
let clockOffsetMs = 0;
const podIdentityUrl = 'http://169.254.170.23/v1/credentials';
let podIdentityCredentials: Record<string, string> | undefined;
const ssoStartUrl = 'https://parity.awsapps.com/start';
const ssoAccessToken = 'parity-sso-access-token';
/** What the IAM Identity Center portal gives for account 222222222222, role ops (set in beforeAll). */
let ssoRoleCredentials: Record<string, string | number> | undefined;

const { sts } = useStsMock({
  now: () => new Date(Date.now() + clockOffsetMs),
  handlers: () => [
    http.get(podIdentityUrl, ({ request }) =>
      request.headers.get('authorization') === 'pod-identity-token'
        ? HttpResponse.json(podIdentityCredentials)
        : HttpResponse.json({ message: 'unauthorized' }, { status: 401 }),
    ),
    http.get('https://portal.sso.eu-west-1.amazonaws.com/federation/credentials', ({ request }) => {
      const url = new URL(request.url);
      return request.headers.get('x-amz-sso_bearer_token') === ssoAccessToken &&
        url.searchParams.get('account_id') === '222222222222' &&
        url.searchParams.get('role_name') === 'ops'
        ? HttpResponse.json({ roleCredentials: ssoRoleCredentials })
        : HttpResponse.json({ message: 'unauthorized' }, { status: 401 });
    }),
  ],
});
failOnUnhandledRejections();

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice', mfa: true });
const eks = sts.createOidcProvider({
  accountId: '555555555555',
  issuer: 'https://oidc.eks.eu-west-1.amazonaws.com/id/PARITY',
  audiences: ['sts.amazonaws.com'],
});
const pod = sts.createRole({
  accountId: '555555555555',
  roleName: 'pod',
  trustPolicy: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Federated: eks.arn }, Action: 'sts:AssumeRoleWithWebIdentity' },
    ],
  },
});
const podIdentityRole = sts.createRole({
  accountId: '444444444444',
  roleName: 'pod-identity',
  trustedPrincipals: [alice.arn],
});
const ops = sts.createRole({
  accountId: '222222222222',
  roleName: 'ops',
  trustedPrincipals: [alice.arn, pod.arn, podIdentityRole.arn],
  maxSessionDuration: 43200,
});
const deploy = sts.createRole({
  accountId: '333333333333',
  roleName: 'deploy',
  trustedPrincipals: [ops.arn],
});
const externalId = 'parity-external-id';
const guarded = sts.createRole({
  accountId: '222222222222',
  roleName: 'guarded',
  trustPolicy: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: alice.arn },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': externalId } },
      },
    ],
  },
});
const mfaGuarded = sts.createRole({
  accountId: '222222222222',
  roleName: 'mfa-guarded',
  trustPolicy: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: alice.arn },
        Action: 'sts:AssumeRole',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      },
    ],
  },
});

const dir = mkdtempSync(join(tmpdir(), 'rolechain-parity-'));
const tokenFile = join(dir, 'irsa-token');
writeFileSync(
  tokenFile,
  sts.mintWebIdentityToken({
    issuer: eks.issuer,
    subject: 'system:serviceaccount:default:app',
    audience: 'sts.amazonaws.com',
    expiresInSeconds: 86_400,
  }),
);
const ssoHome = join(dir, 'sso-home');
const ssoCache = join(ssoHome, '.aws', 'sso', 'cache');
mkdirSync(ssoCache, { recursive: true });
writeFileSync(
  join(ssoCache, `${createHash('sha1').update(ssoStartUrl).digest('hex')}.json`),
  JSON.stringify({
    startUrl: ssoStartUrl,
    region: 'eu-west-1',
    accessToken: ssoAccessToken,
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
  }),
);
const podIdentityTokenFile = join(dir, 'pod-identity-token');
writeFileSync(podIdentityTokenFile, 'pod-identity-token');
const okHelper = join(dir, 'ok-helper.cjs');
writeFileSync(
  okHelper,
  `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: ${JSON.stringify(alice.accessKeyId)}, SecretAccessKey: ${JSON.stringify(alice.secretAccessKey)} }));\n`,
);
/** Written once the mock has issued the session it prints (beforeAll). */
const sessionHelper = join(dir, 'session-helper.cjs');
const failingHelper = join(dir, 'failing-helper.cjs');
writeFileSync(failingHelper, "process.stderr.write('corp-login: session expired\\n'); process.exit(3);\n");

const world: ParityWorld = {
  alice: { accessKeyId: alice.accessKeyId, secretAccessKey: alice.secretAccessKey },
  mfaSerial: alice.mfaSerialNumber as string,
  ops: ops.arn,
  deploy: deploy.arn,
  guarded: guarded.arn,
  externalId,
  mfaGuarded: mfaGuarded.arn,
  pod: pod.arn,
  tokenFile,
  processOk: `"${process.execPath}" "${okHelper}"`,
  processSession: `"${process.execPath}" "${sessionHelper}"`,
  processFailing: `"${process.execPath}" "${failingHelper}"`,
  ssoStartUrl,
  ssoHome,
  podIdentityUrl,
  podIdentityTokenFile,
};

beforeAll(async () => {
  const session = await new STSClient({ region, credentials: alice.credentials }).send(
    new AssumeRoleCommand({ RoleArn: podIdentityRole.arn, RoleSessionName: 'eks-pod' }),
  );
  podIdentityCredentials = {
    AccessKeyId: session.Credentials?.AccessKeyId ?? '',
    SecretAccessKey: session.Credentials?.SecretAccessKey ?? '',
    Token: session.Credentials?.SessionToken ?? '',
    Expiration: session.Credentials?.Expiration?.toISOString() ?? '',
  };
  const opsSession = await new STSClient({ region, credentials: alice.credentials }).send(
    new AssumeRoleCommand({ RoleArn: ops.arn, RoleSessionName: 'granted' }),
  );
  const printed = {
    Version: 1,
    AccessKeyId: opsSession.Credentials?.AccessKeyId,
    SecretAccessKey: opsSession.Credentials?.SecretAccessKey,
    SessionToken: opsSession.Credentials?.SessionToken,
    Expiration: opsSession.Credentials?.Expiration?.toISOString(),
  };
  ssoRoleCredentials = {
    accessKeyId: printed.AccessKeyId ?? '',
    secretAccessKey: printed.SecretAccessKey ?? '',
    sessionToken: printed.SessionToken ?? '',
    expiration: opsSession.Credentials?.Expiration?.getTime() ?? 0,
  };
  writeFileSync(sessionHelper, `process.stdout.write(${JSON.stringify(JSON.stringify(printed))});\n`);
});

beforeEach(() => {
  clockOffsetMs = 0;
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) {
    vi.stubEnv(name, undefined);
  }
  for (const name of ['AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN', 'AWS_CONTAINER_CREDENTIALS_FULL_URI']) {
    vi.stubEnv(name, undefined);
  }
});

/** Who credentials sign as, as STS sees it; an assumed role's session name is dropped (each names its own). */
async function identityOf(credentials: AwsCredentialIdentity): Promise<string> {
  const { Arn } = await new STSClient({ region, credentials }).send(new GetCallerIdentityCommand({}));
  return (Arn ?? '').replace(/^(arn:[^:]+:sts::\d{12}:assumed-role\/[^/]+)\/.*$/, '$1');
}

type Outcome = { ok: true; identity: string } | { ok: false; error: unknown };

async function outcome(run: () => Promise<AwsCredentialIdentity>): Promise<Outcome> {
  try {
    return { ok: true, identity: await identityOf(await run()) };
  } catch (error) {
    return { ok: false, error };
  }
}

const mfaCodeProvider = (serial: string): Promise<string> => Promise.resolve(sts.mfaCode(serial));

describe('fromRoleChainProfile against fromIni on real-world profiles', () => {
  it.each(profileParityTable.map((row) => [row.name, row] as const))('%s', async (_, row) => {
    const configFilepath = join(dir, `${row.profile}-${profileParityTable.indexOf(row)}-config`);
    const filepath = join(dir, `${row.profile}-${profileParityTable.indexOf(row)}-credentials`);
    writeFileSync(configFilepath, row.config(world));
    writeFileSync(filepath, row.credentials?.(world) ?? '');
    // The same files in the environment: the SDK's fromIni reads an SSO profile again from there (fromSSO is
    // not handed configFilepath), and so does the default chain of any tool.
    vi.stubEnv('AWS_CONFIG_FILE', configFilepath);
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', filepath);
    for (const [name, value] of Object.entries(row.env?.(world) ?? {})) vi.stubEnv(name, value);
    const files = { profile: row.profile, configFilepath, filepath, mfaCodeProvider };

    const sdk = await outcome(() => fromIni({ ...files, clientConfig: { region } })());
    clockOffsetMs = 30_000;
    const ours = await outcome(() => fromRoleChainProfile({ ...files, region })());

    const expected = row.expect;
    if (expected.kind === 'same-identity') {
      expect(sdk).toMatchObject({ ok: true });
      expect(ours).toEqual(sdk);
      return;
    }
    if (expected.kind === 'same-failure') {
      expect(sdk).toMatchObject({ ok: false });
    } else {
      expect(sdk).toMatchObject({ ok: expected.sdk === 'resolves' });
      if (expected.ours === undefined) {
        expect(ours).toMatchObject({ ok: true });
        return;
      }
    }
    expect(ours).toMatchObject({ ok: false });
    const error = (ours as { error: unknown }).error;
    expect(error instanceof RoleChainConfigError || error instanceof RoleChainError).toBe(true);
    expect((error as Error).message).toContain(expected.ours);
  });
});

describe('the README\'s "Differences from fromIni"', () => {
  it('lists exactly the rows that differ, with their reasons', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const section = /## Differences from fromIni\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
    const listed = section.split('\n').filter((line) => line.startsWith('- '));
    const differences = profileParityTable.flatMap((row) =>
      row.expect.kind === 'difference' ? [row.expect.reason] : [],
    );
    expect(listed).toHaveLength(differences.length);
    const text = section.replace(/\s+/g, ' ');
    for (const reason of differences) expect(text).toContain(reason);
  });
});
