import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { afterAll, describe, expect, test } from 'vitest';
import { useStsMock } from '@rolechain/sts-mock/vitest';

const { sts } = useStsMock();
const dir = mkdtempSync(join(tmpdir(), 'sts-mock-ini-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const bob = sts.createUser({ accountId: '111111111111', userName: 'bob', mfa: true });
const deployer = sts.createRole({
  accountId: '222222222222',
  roleName: 'deployer',
  maxSessionDuration: 7200,
  trustPolicy: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: alice.arn },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'ext-123' } },
      },
    ],
  },
});
const reader = sts.createRole({
  accountId: '333333333333',
  roleName: 'reader',
  trustedPrincipals: [deployer.arn],
});
const breakGlass = sts.createRole({
  accountId: '222222222222',
  roleName: 'break-glass',
  trustPolicy: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: bob.arn },
        Action: 'sts:AssumeRole',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      },
    ],
  },
});

async function whoAmI(client: STSClient): Promise<string | undefined> {
  return (await client.send(new GetCallerIdentityCommand({}))).Arn;
}

describe("the SDK's fromTemporaryCredentials", () => {
  test('assumes a role with an external id, then chains into another role', async () => {
    const deploy = fromTemporaryCredentials({
      masterCredentials: alice.credentials,
      params: { RoleArn: deployer.arn, RoleSessionName: 'deploy', ExternalId: 'ext-123' },
      clientConfig: { region: 'eu-west-1' },
    });
    const read = fromTemporaryCredentials({
      masterCredentials: deploy,
      params: { RoleArn: reader.arn, RoleSessionName: 'read' },
      clientConfig: { region: 'eu-west-1' },
    });
    expect(await whoAmI(new STSClient({ region: 'eu-west-1', credentials: read }))).toBe(
      'arn:aws:sts::333333333333:assumed-role/reader/read',
    );
    expect(sts.calls.map((call) => [call.action, call.caller?.arn])).toEqual([
      ['AssumeRole', alice.arn],
      ['AssumeRole', 'arn:aws:sts::222222222222:assumed-role/deployer/deploy'],
      ['GetCallerIdentity', 'arn:aws:sts::333333333333:assumed-role/reader/read'],
    ]);
  });

  test('a wrong external id is AccessDenied', async () => {
    const deploy = fromTemporaryCredentials({
      masterCredentials: alice.credentials,
      params: { RoleArn: deployer.arn, RoleSessionName: 'deploy', ExternalId: 'guess' },
      clientConfig: { region: 'eu-west-1', maxAttempts: 1 },
    });
    await expect(deploy()).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: ${deployer.arn}`,
    });
  });

  test('asking a chained hop for two hours fails with the role chaining limit', async () => {
    const deploy = fromTemporaryCredentials({
      masterCredentials: alice.credentials,
      params: {
        RoleArn: deployer.arn,
        RoleSessionName: 'deploy',
        ExternalId: 'ext-123',
        DurationSeconds: 7200,
      },
      clientConfig: { region: 'eu-west-1' },
    });
    const read = fromTemporaryCredentials({
      masterCredentials: deploy,
      params: { RoleArn: reader.arn, RoleSessionName: 'read', DurationSeconds: 7200 },
      clientConfig: { region: 'eu-west-1', maxAttempts: 1 },
    });
    await expect(read()).rejects.toMatchObject({
      name: 'ValidationError',
      message:
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    });
  });
});

describe("the SDK's fromIni role profiles", () => {
  const credentialsFile = join(dir, 'credentials');
  const configFile = join(dir, 'config');
  writeFileSync(
    credentialsFile,
    [
      '[base]',
      `aws_access_key_id = ${alice.accessKeyId}`,
      `aws_secret_access_key = ${alice.secretAccessKey}`,
      '[bob]',
      `aws_access_key_id = ${bob.accessKeyId}`,
      `aws_secret_access_key = ${bob.secretAccessKey}`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    configFile,
    [
      '[profile deploy]',
      `role_arn = ${deployer.arn}`,
      'source_profile = base',
      'external_id = ext-123',
      'role_session_name = ini-deploy',
      'region = eu-west-1',
      '[profile read]',
      `role_arn = ${reader.arn}`,
      'source_profile = deploy',
      'role_session_name = ini-read',
      '[profile no-external-id]',
      `role_arn = ${deployer.arn}`,
      'source_profile = base',
      '[profile break-glass]',
      `role_arn = ${breakGlass.arn}`,
      'source_profile = bob',
      `mfa_serial = ${bob.mfaSerialNumber ?? ''}`,
      '',
    ].join('\n'),
  );
  const files = { filepath: credentialsFile, configFilepath: configFile, ignoreCache: true };

  test('a two-hop profile chain (source_profile → role → role) ends in the second role', async () => {
    const client = new STSClient({
      region: 'eu-west-1',
      credentials: fromIni({ ...files, profile: 'read' }),
    });
    expect(await whoAmI(client)).toBe('arn:aws:sts::333333333333:assumed-role/reader/ini-read');
    expect(sts.calls[0]?.params).toMatchObject({ ExternalId: 'ext-123', RoleSessionName: 'ini-deploy' });
  });

  test('a profile without the external id the trust policy requires is denied', async () => {
    const client = new STSClient({
      region: 'eu-west-1',
      maxAttempts: 1,
      credentials: fromIni({ ...files, profile: 'no-external-id' }),
    });
    await expect(whoAmI(client)).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  test('an mfa_serial profile gets its code from the mock device; the trust policy sees MFA present', async () => {
    const client = new STSClient({
      region: 'eu-west-1',
      credentials: fromIni({
        ...files,
        profile: 'break-glass',
        mfaCodeProvider: (serial) => Promise.resolve(sts.mfaCode(serial)),
      }),
    });
    expect(await whoAmI(client)).toMatch(
      /^arn:aws:sts::222222222222:assumed-role\/break-glass\/aws-sdk-js-\d+$/,
    );
    expect(sts.calls[0]?.params).toMatchObject({ SerialNumber: bob.mfaSerialNumber, TokenCode: '***' });
  });
});
