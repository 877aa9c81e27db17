import { inspect } from 'node:util';
import { GetCallerIdentityCommand, GetDelegatedAccessTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { StsMockInputError } from '@rolechain/sts-mock';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { failure } from './test-support/sts-failure';

const { sts } = useStsMock();
afterEach(() => {
  vi.useRealTimers();
});

const agent = sts.createUser({ accountId: '111111111111', userName: 'agent' });
const stranger = sts.createUser({ accountId: '999999999999', userName: 'stranger' });
const target = sts.createRole({
  accountId: '222222222222',
  roleName: 'support-access',
  trustedPrincipals: ['222222222222'],
  maxSessionDuration: 7200,
});

interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

function exchange(token: string | undefined, as: Keys = agent.credentials) {
  return new STSClient({ region: 'eu-west-1', credentials: as, maxAttempts: 1 }).send(
    new GetDelegatedAccessTokenCommand({ TradeInToken: token }),
  );
}

async function exchangeFails(token: string | undefined, as: Keys = agent.credentials) {
  const error = await failure(exchange(token, as));
  return { name: error.name, message: error.message, status: error.$metadata.httpStatusCode };
}

describe('GetDelegatedAccessToken', () => {
  test('a trade-in token is exchanged once for a session of the role it names', async () => {
    const token = sts.mintTradeInToken({
      roleArn: target.arn,
      sessionName: 'ticket-42',
      durationSeconds: 1800,
    });
    const out = await exchange(token);
    const at = sts.calls.at(-1)!.at.getTime();
    expect(out.AssumedPrincipal).toBe(target.arn);
    expect(out).not.toHaveProperty('PackedPolicySize');
    expect(out.Credentials?.Expiration?.getTime()).toBe(Math.floor(at / 1000) * 1000 + 1800_000);
    const identity = await new STSClient({
      region: 'eu-west-1',
      maxAttempts: 1,
      credentials: {
        accessKeyId: out.Credentials!.AccessKeyId!,
        secretAccessKey: out.Credentials!.SecretAccessKey!,
        sessionToken: out.Credentials!.SessionToken!,
      },
    }).send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe('arn:aws:sts::222222222222:assumed-role/support-access/ticket-42');

    expect(await exchangeFails(token)).toEqual({
      name: 'ExpiredTradeInTokenException',
      status: 400,
      message: 'The trade-in token has already been exchanged for credentials.',
    });
    expect(sts.calls.at(-1)).toMatchObject({
      action: 'GetDelegatedAccessToken',
      params: { TradeInToken: '***' },
      caller: { arn: agent.arn },
    });
    expect(inspect(sts.calls, { depth: 10 })).not.toContain(token);
  });

  test('a token past its end on the mock clock is expired', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-02T08:00:00Z'), toFake: ['Date'] });
    const token = sts.mintTradeInToken({ roleArn: target.arn, expiresInSeconds: 60 });
    vi.setSystemTime(new Date('2026-12-02T08:01:00Z'));
    expect(await exchangeFails(token)).toEqual({
      name: 'ExpiredTradeInTokenException',
      status: 400,
      message:
        'The trade-in token provided in the request has expired and can no longer be exchanged for credentials. Request a new token and retry the operation.',
    });
  });

  test('a token bound to an account is refused to callers of another; unknown tokens are refused', async () => {
    const token = sts.mintTradeInToken({ roleArn: target.arn, redeemerAccountId: '111111111111' });
    const refused = {
      name: 'AccessDenied',
      status: 403,
      message: 'The trade-in token is not valid for this caller.',
    };
    expect(await exchangeFails(token, stranger.credentials)).toEqual(refused);
    expect(await exchangeFails('tit-unknown')).toEqual(refused);
    const out = await exchange(token);
    expect(out.AssumedPrincipal).toBe(target.arn);
  });

  test('the token is required, and never echoed in an error', async () => {
    expect(await exchangeFails(undefined)).toEqual({
      name: 'ValidationError',
      status: 400,
      message:
        "1 validation error detected: Value null at 'tradeInToken' failed to satisfy constraint: Member must not be null",
    });
    const secret = 'tit-SECRET-do-not-echo';
    const error = await failure(exchange(secret));
    expect(inspect(error, { depth: 10 })).not.toContain('SECRET');
  });

  test.each([
    [
      { roleArn: 'arn:aws:iam::222222222222:role/none' },
      'roleArn',
      "'arn:aws:iam::222222222222:role/none' is not a role of this mock",
    ],
    [
      { roleArn: target.arn, durationSeconds: 7201 },
      'durationSeconds',
      '7201 is not a whole number of seconds from 900 to 7200',
    ],
    [
      { roleArn: target.arn, sessionName: 'x' },
      'sessionName',
      "'x' is not a session name ([\\w+=,.@-]{2,64})",
    ],
    [
      { roleArn: target.arn, redeemerAccountId: '1' },
      'redeemerAccountId',
      "'1' is not a 12-digit account id",
    ],
  ])('mintTradeInToken(%o) is an input error', (input, field, message) => {
    expect(() => sts.mintTradeInToken(input)).toThrow(new StsMockInputError(field, message));
  });
});
