import {
  AssumeRoleCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import type { Credentials } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createStsMock } from '@rolechain/sts-mock';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { failure } from './test-support/sts-failure';

const { sts } = useStsMock();
afterEach(() => {
  vi.useRealTimers();
});

const carol = sts.createUser({ accountId: '111111111111', userName: 'carol', mfa: true });
const dave = sts.createUser({ accountId: '111111111111', userName: 'dave', mfa: true });
const admin = sts.createRole({
  accountId: '222222222222',
  roleName: 'admin',
  trustPolicy: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: '111111111111' },
        Action: 'sts:AssumeRole',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      },
    ],
  },
});

function client(credentials: Credentials | { accessKeyId: string; secretAccessKey: string }): STSClient {
  const resolved =
    'AccessKeyId' in credentials
      ? {
          accessKeyId: credentials.AccessKeyId!,
          secretAccessKey: credentials.SecretAccessKey!,
          sessionToken: credentials.SessionToken!,
        }
      : credentials;
  return new STSClient({ region: 'us-east-1', credentials: resolved, maxAttempts: 1 });
}

describe('GetSessionToken', () => {
  test('gives 12-hour temporary credentials by default that still identify as the user', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-05-01T08:00:00Z'));
    const out = await client(carol.credentials).send(new GetSessionTokenCommand({}));
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(out.Credentials?.Expiration).toEqual(new Date('2026-05-01T20:00:00Z'));
    const identity = await client(out.Credentials!).send(new GetCallerIdentityCommand({}));
    expect([identity.Arn, identity.UserId]).toEqual([carol.arn, carol.userId]);
  });

  test('cannot be called with session credentials', async () => {
    const out = await client(carol.credentials).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const error = await failure(client(out.Credentials!).send(new GetSessionTokenCommand({})));
    expect([error.name, error.message, error.$metadata.httpStatusCode]).toEqual([
      'AccessDenied',
      'Cannot call GetSessionToken with session credentials',
      403,
    ]);
  });

  test.each([
    [899, 'greater than or equal to 900'],
    [129601, 'less than or equal to 129600'],
  ])('DurationSeconds %i fails validation', async (duration, bound) => {
    const error = await failure(
      client(carol.credentials).send(new GetSessionTokenCommand({ DurationSeconds: duration })),
    );
    expect(error.message).toBe(
      `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value ${bound}`,
    );
  });
});

describe('MFA', () => {
  test('MFA-authenticated session credentials satisfy aws:MultiFactorAuthPresent in a trust policy', async () => {
    const session = await client(carol.credentials).send(
      new GetSessionTokenCommand({
        SerialNumber: carol.mfaSerialNumber,
        TokenCode: sts.mfaCode(carol.mfaSerialNumber!),
      }),
    );
    const assumed = await client(session.Credentials!).send(
      new AssumeRoleCommand({ RoleArn: admin.arn, RoleSessionName: 'carol-admin' }),
    );
    expect(assumed.AssumedRoleUser?.Arn).toBe('arn:aws:sts::222222222222:assumed-role/admin/carol-admin');
  });

  test('without MFA the same role is denied', async () => {
    const session = await client(carol.credentials).send(new GetSessionTokenCommand({}));
    const error = await failure(
      client(session.Credentials!).send(
        new AssumeRoleCommand({ RoleArn: admin.arn, RoleSessionName: 'no-mfa' }),
      ),
    );
    expect(error.name).toBe('AccessDenied');
  });

  test('a code is accepted once; the next use of the same code is refused', async () => {
    const serial = dave.mfaSerialNumber!;
    const code = sts.mfaCode(serial);
    await client(dave.credentials).send(
      new AssumeRoleCommand({
        RoleArn: admin.arn,
        RoleSessionName: 'first',
        SerialNumber: serial,
        TokenCode: code,
      }),
    );
    const error = await failure(
      client(dave.credentials).send(
        new AssumeRoleCommand({
          RoleArn: admin.arn,
          RoleSessionName: 'again',
          SerialNumber: serial,
          TokenCode: code,
        }),
      ),
    );
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
    expect(error.message).toBe('MultiFactorAuthentication failed with invalid MFA one time pass code. ');
  });

  test("another user's device is refused, and codes never reach the calls log or the error", async () => {
    const code = sts.mfaCode(carol.mfaSerialNumber!);
    const error = await failure(
      client(dave.credentials).send(
        new GetSessionTokenCommand({ SerialNumber: carol.mfaSerialNumber, TokenCode: code }),
      ),
    );
    expect(error.message).toBe(
      'MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.',
    );
    expect(JSON.stringify(sts.calls)).not.toContain(code);
    expect(sts.calls[0]?.params).toMatchObject({ TokenCode: '***' });
  });

  test('a malformed code fails validation without echoing it', async () => {
    const error = await failure(
      client(dave.credentials).send(
        new GetSessionTokenCommand({ SerialNumber: dave.mfaSerialNumber, TokenCode: '12ab' }),
      ),
    );
    expect(error.name).toBe('ValidationError');
    expect(error.message).toContain("Value '***' at 'tokenCode'");
    expect(error.message).not.toContain('12ab');
  });
});

describe('GetAccessKeyInfo', () => {
  test("answers the owning account for the mock's own keys, long-term and temporary", async () => {
    const frank = sts.createUser({ accountId: '444444444444', userName: 'frank' });
    const auditor = sts.createRole({
      accountId: '555555555555',
      roleName: 'auditor',
      trustedPrincipals: [frank.arn],
    });
    const assumed = await client(frank.credentials).send(
      new AssumeRoleCommand({ RoleArn: auditor.arn, RoleSessionName: 'key-info' }),
    );
    const info = client(dave.credentials);
    expect((await info.send(new GetAccessKeyInfoCommand({ AccessKeyId: frank.accessKeyId }))).Account).toBe(
      '444444444444',
    );
    expect(
      (await info.send(new GetAccessKeyInfoCommand({ AccessKeyId: assumed.Credentials!.AccessKeyId! })))
        .Account,
    ).toBe('555555555555');
  });

  test('decodes the account from keys another mock issued, as AWS does for any key', async () => {
    const elsewhere = createStsMock().createUser({ accountId: '987654321098', userName: 'erin' });
    const out = await client(dave.credentials).send(
      new GetAccessKeyInfoCommand({ AccessKeyId: elsewhere.accessKeyId }),
    );
    expect(out.Account).toBe('987654321098');
  });

  test('a malformed key id fails validation', async () => {
    const error = await failure(
      client(dave.credentials).send(new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIA-SHORT' })),
    );
    expect(error.message).toBe(
      "2 validation errors detected: Value 'AKIA-SHORT' at 'accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 16; Value 'AKIA-SHORT' at 'accessKeyId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w]*",
    );
  });
});
