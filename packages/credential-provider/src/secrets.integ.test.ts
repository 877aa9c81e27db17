import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { fromRoleChain } from './from-role-chain';
import { getAssumedIdentity } from './identity';

const { sts, server } = useStsMock();
/** Every secret that went over the wire: issued secret keys and session tokens, read from STS answers. */
const secrets = new Set<string>();
server.events.on('response:mocked', ({ response }) => {
  void response
    .clone()
    .text()
    .then((body) => {
      for (const match of body.matchAll(/<(SecretAccessKey|SessionToken)>([^<]+)</g))
        secrets.add(match[2] as string);
    });
});

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice', mfa: true });
const a = sts.createRole({ accountId: '222222222222', roleName: 'a', trustedPrincipals: [alice.arn] });
const b = sts.createRole({ accountId: '333333333333', roleName: 'b', trustedPrincipals: [a.arn] });
const locked = sts.createRole({
  accountId: '444444444444',
  roleName: 'locked',
  trustedPrincipals: [alice.arn],
});
secrets.add(alice.secretAccessKey);

const logged: unknown[] = [];
const logger = {
  debug: (...args: unknown[]) => logged.push(args),
  info: (...args: unknown[]) => logged.push(args),
  warn: (...args: unknown[]) => logged.push(args),
  error: (...args: unknown[]) => logged.push(args),
};

/** Every string reachable from a value: own properties enumerable or not, symbols, prototypes' toJSON output. */
function everyText(value: unknown, seen = new Set<unknown>(), depth = 0): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value !== 'object' && typeof value !== 'function')
    return typeof value === 'string' ? [value] : [];
  if (seen.has(value) || depth > 8) return [];
  seen.add(value);
  const out: string[] = [];
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor !== undefined && 'value' in descriptor)
      out.push(...everyText(descriptor.value, seen, depth + 1));
  }
  if (value instanceof Error) out.push(value.message, value.stack ?? '');
  return out;
}

/** All the ways a value gets printed or shipped: inspect, JSON, and a deep walk like test reporters do. */
function renderings(value: unknown): string[] {
  return [
    inspect(value, { depth: Infinity, showHidden: true }),
    inspect(value),
    JSON.stringify(value),
    ...(value instanceof Error ? everyText(value.cause) : []),
    ...(value instanceof Error ? [inspect(value.cause, { depth: Infinity, showHidden: true })] : []),
  ];
}

function expectNoSecret(outputs: readonly string[], extra: readonly string[] = []): void {
  const all = [...secrets, ...extra];
  expect(all.length).toBeGreaterThan(1);
  for (const output of outputs) {
    for (const secret of all) {
      if (output.includes(secret)) throw new Error(`a secret leaked into: ${output.slice(0, 200)}`);
    }
  }
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe('secrets never reach errors, logs or inspect', () => {
  it('on success: credentials, identity and every log record', async () => {
    const credentials = fromRoleChain({
      source: alice.credentials,
      region: 'eu-west-1',
      roles: [{ roleArn: a.arn }, { roleArn: b.arn }],
      logger,
    });
    const issued = await credentials();
    expect(secrets.has(issued.secretAccessKey)).toBe(true);
    expectNoSecret([
      ...renderings(issued),
      ...renderings(getAssumedIdentity(issued)),
      ...logged.flatMap((record) => renderings(record)),
    ]);
  });

  it('on failures: denied hops, wrong secrets, bad tokens, network errors, MFA problems', async () => {
    const randomSecret = randomBytes(30).toString('base64');
    const randomToken = randomBytes(200).toString('base64');
    const randomCode = String(100000 + (randomBytes(2).readUInt16BE() % 900000));
    /** Alice's first credentials through one hop that asks for her MFA code. */
    const withMfa = (roleArn: string, tokenCode: string) =>
      fromRoleChain({
        source: alice.credentials,
        region: 'eu-west-1',
        roles: [
          {
            roleArn,
            mfa: {
              serialNumber: alice.mfaSerialNumber as string,
              tokenCode: () => Promise.resolve(tokenCode),
            },
          },
        ],
        logger,
      })();
    const errors = [
      await failure(
        fromRoleChain({
          source: alice.credentials,
          region: 'eu-west-1',
          roles: [{ roleArn: a.arn }, { roleArn: locked.arn }],
          logger,
        })(),
      ),
      await failure(
        fromRoleChain({
          source: { accessKeyId: alice.accessKeyId, secretAccessKey: randomSecret },
          region: 'eu-west-1',
          roles: [{ roleArn: a.arn }],
          logger,
        })(),
      ),
      await failure(
        fromRoleChain({
          source: {
            accessKeyId: 'ASIAEXAMPLEEXAMPLE12',
            secretAccessKey: randomSecret,
            sessionToken: randomToken,
          },
          region: 'eu-west-1',
          roles: [{ roleArn: a.arn }],
          logger,
        })(),
      ),
      await failure(withMfa(locked.arn, randomCode)),
      await failure(withMfa(locked.arn, randomCode)), // the same code again: reused
      await failure(withMfa(a.arn, `${randomCode}9`)),
      await failure(
        Promise.resolve().then(() =>
          fromRoleChain({ source: { secretAccessKey: randomSecret } as never, roles: [{ roleArn: a.arn }] }),
        ),
      ),
    ];
    sts.inject({ action: 'AssumeRole', networkError: true, times: 1 });
    errors.push(
      await failure(
        fromRoleChain({
          source: alice.credentials,
          region: 'eu-west-1',
          roles: [{ roleArn: a.arn }],
          logger,
          stsClientConfig: { maxAttempts: 1 },
          startupBudgetMs: 1,
        })(),
      ),
    );
    expect(
      errors.map((error) => (error as { code?: string; name: string }).code ?? (error as Error).name),
    ).toEqual([
      'AccessDenied',
      'SignatureDoesNotMatch',
      'InvalidClientTokenId',
      'AccessDenied',
      'MfaTokenReused',
      'RoleChainConfigError',
      'RoleChainConfigError',
      'NetworkError',
    ]);
    expect((errors[7] as { retryable?: boolean }).retryable).toBe(true);
    expectNoSecret(
      [...errors.flatMap((error) => renderings(error)), ...logged.flatMap((record) => renderings(record))],
      [randomSecret, randomToken, randomCode],
    );
  });
});
