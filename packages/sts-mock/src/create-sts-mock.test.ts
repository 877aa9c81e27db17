import { describe, expect, test } from 'vitest';
import { createStsMock } from './create-sts-mock';
import type { CreateRoleInput, CreateUserInput, StsMockOptions } from './create-sts-mock';
import type { StsFault } from './faults';
import type { ListenOptions } from './listen';
import type { CreateOidcProviderInput, MintWebIdentityTokenInput } from './web-identity';
import { StsMockInputError } from './errors';
import { PolicyDocumentError } from './trust-policy';

function fieldOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof StsMockInputError || error instanceof PolicyDocumentError) return error.field;
    throw error;
  }
  return undefined;
}

describe('createStsMock options', () => {
  test.each<[StsMockOptions, string]>([
    [{ partition: 'aws-mars' as 'aws' }, 'partition'],
    [{ region: 'Europe' }, 'region'],
    [{ endpoints: ['not a url'] }, 'endpoints[0]'],
    [{ now: new Date() as unknown as () => Date }, 'now'],
  ])('%j is refused, naming %s', (options, field) => {
    expect(fieldOf(() => createStsMock(options))).toBe(field);
  });

  test('the partition shapes every ARN', () => {
    const sts = createStsMock({ partition: 'aws-cn' });
    const user = sts.createUser({ accountId: '111111111111', userName: 'li' });
    const role = sts.createRole({
      accountId: '111111111111',
      roleName: 'ops',
      trustedPrincipals: [user.arn],
    });
    expect([user.arn, role.arn]).toEqual([
      'arn:aws-cn:iam::111111111111:user/li',
      'arn:aws-cn:iam::111111111111:role/ops',
    ]);
  });
});

describe('createUser and createRole input', () => {
  const sts = createStsMock();
  const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
  const role = (input: Partial<CreateRoleInput>) => () =>
    sts.createRole({
      accountId: '222222222222',
      roleName: 'r',
      trustedPrincipals: [alice.arn],
      ...input,
    } as CreateRoleInput);

  test.each<[string, () => unknown, string]>([
    ['an 11-digit account', () => sts.createUser({ accountId: '11111111111', userName: 'x' }), 'accountId'],
    [
      'a user name with a space',
      () => sts.createUser({ accountId: '111111111111', userName: 'a b' }),
      'userName',
    ],
    [
      'a path without slashes',
      () => sts.createUser({ accountId: '111111111111', userName: 'p', path: 'team' }),
      'path',
    ],
    [
      'the same user twice',
      () => sts.createUser({ accountId: '111111111111', userName: 'alice' }),
      'userName',
    ],
    [
      'a short MFA seed',
      () => sts.createUser({ accountId: '111111111111', userName: 'm', mfa: { base32Seed: 'AB' } }),
      'base32Seed',
    ],
    ['maxSessionDuration 3599', role({ maxSessionDuration: 3599 }), 'maxSessionDuration'],
    ['maxSessionDuration 43201', role({ maxSessionDuration: 43201 }), 'maxSessionDuration'],
    ['both trustPolicy and trustedPrincipals', role({ trustPolicy: '{}' }), 'trustPolicy'],
    ['an empty trustedPrincipals', role({ trustedPrincipals: [] }), 'trustedPrincipals'],
    [
      'a trust policy that is not JSON',
      () => sts.createRole({ accountId: '222222222222', roleName: 'j', trustPolicy: '{' }),
      'trustPolicy',
    ],
  ])('%s is refused before any request', (_, action, field) => {
    expect(fieldOf(action)).toBe(field);
  });

  test('a seed given for MFA never appears in the error', () => {
    const seed = 'not base32 at all!!';
    let message = '';
    try {
      sts.createUser({ accountId: '111111111111', userName: 'n', mfa: { base32Seed: seed } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('base32Seed');
    expect(message).not.toContain(seed);
  });

  test('mfaCode of an unknown device names the serial number', () => {
    expect(fieldOf(() => sts.mfaCode('arn:aws:iam::111111111111:mfa/nobody'))).toBe('serialNumber');
  });
});

describe('createUser with a given key pair', () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const fixed = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: secret };

  test('the user signs with the key it was given', () => {
    const sts = createStsMock();
    const alice = sts.createUser({ accountId: '111111111111', userName: 'alice', ...fixed });
    expect(alice.accessKeyId).toBe('AKIAIOSFODNN7EXAMPLE');
    expect(alice.credentials).toEqual(fixed);
    expect(JSON.stringify(alice)).not.toContain(secret);
  });

  test.each<[Partial<CreateUserInput>, string, string]>([
    [
      { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      'secretAccessKey',
      'give accessKeyId and secretAccessKey together',
    ],
    [{ secretAccessKey: secret }, 'accessKeyId', 'give accessKeyId and secretAccessKey together'],
    [
      { ...fixed, accessKeyId: 'ASIAIOSFODNN7EXAMPLE' },
      'accessKeyId',
      "'ASIAIOSFODNN7EXAMPLE' is not a long-term access key id",
    ],
    [{ ...fixed, accessKeyId: 'AKIAiosfodnn7example' }, 'accessKeyId', 'is not a long-term access key id'],
    [{ ...fixed, accessKeyId: 'AKIA123' }, 'accessKeyId', "'AKIA123' is not"],
    [
      { ...fixed, secretAccessKey: `${secret} x` },
      'secretAccessKey',
      'got a string of 42 characters (not shown)',
    ],
    [
      { ...fixed, secretAccessKey: 'short' },
      'secretAccessKey',
      'expected 16 to 128 printable ASCII characters',
    ],
    [{ ...fixed, secretAccessKey: 42 as unknown as string }, 'secretAccessKey', 'got number (not shown)'],
  ])('%j is refused naming %s, never showing the secret', (given, field, message) => {
    const sts = createStsMock();
    const input = { accountId: '111111111111', userName: 'alice', ...given };
    let error: unknown;
    try {
      sts.createUser(input);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StsMockInputError);
    expect((error as StsMockInputError).field).toBe(field);
    expect((error as StsMockInputError).message).toContain(message);
    expect((error as StsMockInputError).message).not.toContain(secret);
    expect((error as StsMockInputError).message).not.toContain('short');
    // Nothing was half-created: the same user can be made once the input is right.
    expect(sts.createUser({ accountId: '111111111111', userName: 'alice' }).arn).toBe(
      'arn:aws:iam::111111111111:user/alice',
    );
  });

  test('a key id already in use is refused, naming its holder', () => {
    const sts = createStsMock();
    sts.createUser({ accountId: '111111111111', userName: 'alice', ...fixed });
    expect(() =>
      sts.createUser({
        accountId: '222222222222',
        userName: 'bob',
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'another-secret-value-0123',
      }),
    ).toThrow(
      new StsMockInputError(
        'accessKeyId',
        "'AKIAIOSFODNN7EXAMPLE' is already the access key of arn:aws:iam::111111111111:user/alice",
      ),
    );
  });
});

describe('a misspelt option is refused, not ignored', () => {
  const sts = createStsMock();
  const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
  const issuer = 'https://oidc.example.test';

  test.each<[string, () => unknown, string]>([
    ['createStsMock({ regoin })', () => createStsMock({ regoin: 'eu-west-1' } as StsMockOptions), 'regoin'],
    [
      'createUser({ usrName })',
      () => sts.createUser({ accountId: '111111111111', usrName: 'x' } as unknown as CreateUserInput),
      'usrName',
    ],
    [
      'createUser({ mfa: { seed } })',
      () =>
        sts.createUser({
          accountId: '111111111111',
          userName: 'm2',
          mfa: { seed: 'JBSWY3DPEHPK3PXP' } as unknown as { base32Seed: string },
        }),
      'mfa.seed',
    ],
    [
      'createRole({ maxSessionDuraton })',
      () =>
        sts.createRole({
          accountId: '222222222222',
          roleName: 'typo',
          trustedPrincipals: [alice.arn],
          maxSessionDuraton: 7200,
        } as CreateRoleInput),
      'maxSessionDuraton',
    ],
    [
      'inject({ tiems })',
      () => {
        sts.inject({ error: 'Throttling', tiems: 3 } as StsFault);
      },
      'fault.tiems',
    ],
    [
      'createOidcProvider({ audience })',
      () =>
        sts.createOidcProvider({
          accountId: '111111111111',
          issuer,
          audiences: ['sts.amazonaws.com'],
          audience: 'x',
        } as CreateOidcProviderInput),
      'audience',
    ],
    [
      'mintWebIdentityToken({ audiences })',
      () =>
        sts.mintWebIdentityToken({
          issuer,
          subject: 'repo:org/app',
          audience: 'sts.amazonaws.com',
          audiences: ['x'],
        } as MintWebIdentityTokenInput),
      'audiences',
    ],
    ['createUser(undefined)', () => sts.createUser(undefined as unknown as CreateUserInput), 'input'],
  ])('%s names %s', (_, action, field) => {
    expect(fieldOf(action)).toBe(field);
  });

  test('listen({ prot }) is refused before binding', async () => {
    await expect(sts.listen({ host: '127.0.0.1', prot: 8080 } as ListenOptions)).rejects.toMatchObject({
      name: 'StsMockInputError',
      field: 'prot',
    });
  });

  test('a refused inject() arms nothing', async () => {
    sts.reset();
    expect(() => {
      sts.inject({ error: 'Throttling', tiems: 3 } as StsFault);
    }).toThrow(StsMockInputError);
    const unsigned = await sts.handle(
      new Request('https://sts.amazonaws.com/', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'Action=GetCallerIdentity&Version=2011-06-15',
      }),
    );
    // Throttling would answer 400; the unsigned call gets its real answer.
    expect(unsigned.status).toBe(403);
  });

  test('an MFA seed passed as a plain string is refused without being echoed', () => {
    const seed = 'JBSWY3DPEHPK3PXP';
    const create = () =>
      sts.createUser({ accountId: '111111111111', userName: 'm3', mfa: seed as unknown as boolean });
    expect(create).toThrow(/^mfa: expected true or \{ base32Seed \}, got a string$/);
  });
});

describe('calls and reset', () => {
  test('reset() forgets calls and faults but keeps users and roles', async () => {
    const sts = createStsMock();
    const user = sts.createUser({ accountId: '111111111111', userName: 'u' });
    sts.inject({ error: 'Throttling' });
    const unsigned = () =>
      sts.handle(
        new Request('https://sts.amazonaws.com/', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'Action=GetCallerIdentity&Version=2011-06-15',
        }),
      );
    expect((await unsigned()).status).toBe(400);
    expect(sts.calls).toHaveLength(1);
    sts.reset();
    expect(sts.calls).toHaveLength(0);
    expect((await unsigned()).status).toBe(403);
    expect(sts.calls[0]).toMatchObject({
      action: 'GetCallerIdentity',
      errorCode: 'MissingAuthenticationToken',
    });
    expect(() => sts.createUser({ accountId: '111111111111', userName: 'u' })).toThrow(StsMockInputError);
    expect(user.arn).toBe('arn:aws:iam::111111111111:user/u');
  });
});

describe('listen() input', () => {
  test.each([
    [{ host: '0.0.0.0' }, 'host'],
    [{ host: '127.0.0.1', port: 70000 }, 'port'],
    [{ host: '127.0.0.1', port: 1.5 }, 'port'],
  ])('%j is refused before binding, naming %s', async (options, field) => {
    await expect(createStsMock().listen(options)).rejects.toMatchObject({ name: 'StsMockInputError', field });
  });
});

describe('authenticate()', () => {
  test('a request whose body was already read is refused with a typed error, not a false verdict', async () => {
    const sts = createStsMock();
    const request = new Request('https://bucket.s3.amazonaws.com/k', { method: 'PUT', body: 'data' });
    await request.text();
    await expect(sts.authenticate(request)).rejects.toMatchObject({
      name: 'StsMockInputError',
      field: 'request',
    });
  });

  test('an unsigned request is MissingAuthenticationToken', async () => {
    const result = await createStsMock().authenticate(new Request('https://bucket.s3.amazonaws.com/k'));
    expect(result).toMatchObject({ ok: false, error: { code: 'MissingAuthenticationToken', status: 403 } });
  });
});

// Arguments a careless or hostile caller passes: each is an StsMockInputError naming the field, never a
// raw TypeError or RangeError, and nothing reaches the network.
function inputError(action: () => unknown): StsMockInputError {
  try {
    action();
  } catch (error) {
    if (error instanceof StsMockInputError) return error;
    throw error;
  }
  throw new Error('no error was thrown');
}

const circular: Record<string, unknown> = {};
circular['self'] = circular;

describe('values JSON cannot show are named by kind', () => {
  test.each<[string, () => unknown, string]>([
    ['a circular partition', () => createStsMock({ partition: circular as never }), 'partition'],
    ['a partition holding a BigInt', () => createStsMock({ partition: { n: 1n } as never }), 'partition'],
    ['a circular endpoint', () => createStsMock({ endpoints: [circular as never] }), 'endpoints[0]'],
    [
      'a circular account id',
      () => createStsMock().createUser({ accountId: circular as never, userName: 'alice' }),
      'accountId',
    ],
    ['a circular MFA serial number', () => createStsMock().mfaCode(circular as never), 'serialNumber'],
  ])('%s is an input error naming its field', (_, action, field) => {
    const error = inputError(action);
    expect([error.field, error.message]).toEqual([field, expect.stringContaining('an object')]);
  });
});

describe('arguments of the wrong shape', () => {
  test('endpoints given as one string is refused, not a TypeError from .map', () => {
    const error = inputError(() => createStsMock({ endpoints: 'http://localhost:4566' as never }));
    expect([error.field, error.message]).toEqual([
      'endpoints',
      'endpoints: expected an array of URLs, got http://localhost:4566',
    ]);
  });

  test('tags given as an array or a Map are refused instead of becoming tags "0", "1" or vanishing', () => {
    const sts = createStsMock();
    for (const tags of [['team'], new Map([['team', 'a']])]) {
      const error = inputError(() =>
        sts.createUser({ accountId: '111111111111', userName: 'alice', tags: tags as never }),
      );
      expect(error.field).toBe('tags');
    }
  });

  test.each([null, undefined, {}, 'https://sts.amazonaws.com/'])(
    'handle() and authenticate() of %j are an input error naming the request',
    async (request) => {
      const sts = createStsMock();
      expect(inputError(() => sts.handle(request as never)).field).toBe('request');
      await expect(sts.authenticate(request as never)).rejects.toThrow(StsMockInputError);
    },
  );
});

describe('listen() binds only loopback literals, before any lookup', () => {
  test.each([127, '127.0.0.1.example.com', '127.evil'])('host %j is refused', async (host) => {
    await expect(createStsMock().listen({ host: host as never })).rejects.toMatchObject({
      name: 'StsMockInputError',
      field: 'host',
    });
  });
});

test('inject() refuses a delay longer than a Node timer can wait, which would fire at once', () => {
  const error = inputError(() => {
    createStsMock().inject({ delayMs: 2 ** 31 });
  });
  expect(error.field).toBe('fault.delayMs');
  createStsMock().inject({ delayMs: 2 ** 31 - 1 });
});
