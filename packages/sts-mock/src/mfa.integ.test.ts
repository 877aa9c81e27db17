// MFA under the real SDK: TokenCode checked against the user's virtual device, one use per code, with the
// AccessDenied text real STS sends, and MFA carried by GetSessionToken credentials into trust conditions.
import {
  AssumeRoleCommand,
  GetSessionTokenCommand,
  STSClient,
  STSServiceException,
} from '@aws-sdk/client-sts';
import { beforeEach, describe, expect, test } from 'vitest';
import type { StsUser } from '@rolechain/sts-mock';
import { useStsMock } from '@rolechain/sts-mock/vitest';

// The mock's clock starts at the real time (the SDK signs with it) and the tests move it in 30 s steps.
let clock = new Date();
const { sts } = useStsMock({ now: () => clock });
beforeEach(() => {
  clock = new Date();
});

function advance(seconds: number): void {
  clock = new Date(clock.getTime() + seconds * 1000);
}

const bob = sts.createUser({ accountId: '111111111111', userName: 'bob', mfa: true });
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

// Each test gets its own user and device: a device remembers the codes it accepted.
let users = 0;
let alice: StsUser;
let serialNumber = '';
let asAlice: STSClient;
beforeEach(() => {
  users += 1;
  alice = sts.createUser({ accountId: '111111111111', userName: `alice-${users}`, mfa: true });
  serialNumber = alice.mfaSerialNumber ?? '';
  asAlice = new STSClient({ region: 'eu-west-1', credentials: alice.credentials, maxAttempts: 1 });
});
const invalidCode = {
  code: 'AccessDenied',
  status: 403,
  message: 'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
};

function assumeAdmin(tokenCode: string, serial = serialNumber) {
  return asAlice.send(
    new AssumeRoleCommand({
      RoleArn: admin.arn,
      RoleSessionName: 'ops',
      SerialNumber: serial,
      TokenCode: tokenCode,
    }),
  );
}

async function denial(promise: Promise<unknown>): Promise<{ code: string; status: number; message: string }> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(STSServiceException);
  const { name, message, $metadata } = error as STSServiceException;
  return { code: name, status: $metadata.httpStatusCode ?? 0, message };
}

function otherCode(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}

describe('AssumeRole with SerialNumber and TokenCode', () => {
  test('the code the device shows now is accepted', async () => {
    const result = await assumeAdmin(sts.mfaCode(serialNumber));
    expect(result.AssumedRoleUser?.Arn).toBe('arn:aws:sts::222222222222:assumed-role/admin/ops');
  });

  test('a code is accepted once: using it again is refused, the next step gives a fresh one', async () => {
    const code = sts.mfaCode(serialNumber);
    await assumeAdmin(code);
    expect(await denial(assumeAdmin(code))).toEqual(invalidCode);
    advance(30);
    const next = sts.mfaCode(serialNumber);
    expect(next).not.toBe(code);
    expect((await assumeAdmin(next)).Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  test('a wrong code is refused', async () => {
    expect(await denial(assumeAdmin(otherCode(sts.mfaCode(serialNumber))))).toEqual(invalidCode);
  });

  test('a code from two steps ago is refused; one step of drift is tolerated', async () => {
    const old = sts.mfaCode(serialNumber);
    advance(60);
    expect(await denial(assumeAdmin(old))).toEqual(invalidCode);
    const previous = sts.mfaCode(serialNumber);
    advance(30);
    expect((await assumeAdmin(previous)).Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  test("another user's device is not the caller's: STS says it cannot validate the code", async () => {
    const bobsSerial = bob.mfaSerialNumber ?? '';
    expect(await denial(assumeAdmin(sts.mfaCode(bobsSerial), bobsSerial))).toEqual({
      code: 'AccessDenied',
      status: 403,
      message:
        'MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.',
    });
  });

  test('the calls log and the error never show the code', async () => {
    const code = sts.mfaCode(serialNumber);
    await assumeAdmin(code);
    const reused = await denial(assumeAdmin(code));
    expect(reused.message).not.toContain(code);
    expect(sts.calls.map((call) => call.params.TokenCode)).toEqual(['***', '***']);
    expect(JSON.stringify(sts.calls)).not.toContain(code);
  });
});

describe('GetSessionToken with MFA', () => {
  test('its session carries MFA into the trust condition; without MFA it does not', async () => {
    const withMfa = await asAlice.send(
      new GetSessionTokenCommand({ SerialNumber: serialNumber, TokenCode: sts.mfaCode(serialNumber) }),
    );
    const withoutMfa = await asAlice.send(new GetSessionTokenCommand({}));
    const sessionClient = (credentials: typeof withMfa.Credentials) =>
      new STSClient({
        region: 'eu-west-1',
        maxAttempts: 1,
        credentials: {
          accessKeyId: credentials?.AccessKeyId ?? '',
          secretAccessKey: credentials?.SecretAccessKey ?? '',
          sessionToken: credentials?.SessionToken ?? '',
        },
      });
    const command = new AssumeRoleCommand({ RoleArn: admin.arn, RoleSessionName: 'ops' });
    expect((await sessionClient(withMfa.Credentials).send(command)).Credentials?.AccessKeyId).toMatch(
      /^ASIA/,
    );
    expect(await denial(sessionClient(withoutMfa.Credentials).send(command))).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: `User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: ${admin.arn}`,
    });
  });
});
