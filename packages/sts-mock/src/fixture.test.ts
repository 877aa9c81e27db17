import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { StsMockInputError } from './errors';
import { fixtureKeys, loadFixture, maxFixtureBytes } from './fixture';

const alice = { accountId: '111111111111', userName: 'alice' };
const deployer = {
  accountId: '222222222222',
  roleName: 'deployer',
  trustedPrincipals: ['arn:aws:iam::111111111111:user/alice'],
};

function load(fixture: unknown) {
  return loadFixture(JSON.stringify(fixture));
}

function inputError(fixture: unknown): StsMockInputError {
  const text = typeof fixture === 'string' ? fixture : JSON.stringify(fixture);
  try {
    loadFixture(text);
  } catch (error) {
    expect(error).toBeInstanceOf(StsMockInputError);
    return error as StsMockInputError;
  }
  throw new Error('the fixture loaded');
}

describe('loadFixture: each section is one API call', () => {
  test('users, roles and OIDC providers are created as createUser, createRole and createOidcProvider would', () => {
    const { mock, users } = load({
      oidcProviders: [
        {
          accountId: '222222222222',
          issuer: 'https://token.actions.githubusercontent.com',
          audiences: ['sts.amazonaws.com'],
        },
      ],
      users: [
        alice,
        { accountId: '111111111111', userName: 'bob', path: '/ops/', mfa: true, profile: 'bob-ops' },
      ],
      roles: [deployer],
    });
    expect(users.map(({ profile, user }) => [profile, user.arn])).toEqual([
      ['alice', 'arn:aws:iam::111111111111:user/alice'],
      ['bob-ops', 'arn:aws:iam::111111111111:user/ops/bob'],
    ]);
    expect(users[1]?.user.mfaSerialNumber).toBe('arn:aws:iam::111111111111:mfa/ops/bob');
    const { sts } = mock;
    expect(sts.mfaCode('arn:aws:iam::111111111111:mfa/ops/bob')).toMatch(/^\d{6}$/);
    expect(() => sts.createRole(deployer)).toThrow(
      "roleName: role 'deployer' already exists in 222222222222",
    );
    expect(() =>
      sts.createOidcProvider({
        accountId: '222222222222',
        issuer: 'https://token.actions.githubusercontent.com',
        audiences: ['sts.amazonaws.com'],
      }),
    ).toThrow(/already/);
  });

  test('managed policies are created before the users and roles that attach them', () => {
    const readS3 = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
    } as const;
    const { mock, users } = load({
      managedPolicies: [
        { accountId: '111111111111', name: 'read-s3', document: readS3 },
        { accountId: 'aws', name: 'ReadOnlyAccess', document: JSON.stringify(readS3) },
      ],
      users: [{ ...alice, managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] }],
      roles: [
        {
          ...deployer,
          accountId: '111111111111',
          policies: [readS3],
          permissionsBoundary: 'arn:aws:iam::111111111111:policy/read-s3',
        },
      ],
    });
    expect(users[0]?.user.arn).toBe('arn:aws:iam::111111111111:user/alice');
    expect(() =>
      mock.sts.createManagedPolicy({ accountId: '111111111111', name: 'read-s3', document: readS3 }),
    ).toThrow(/already exists/);
  });

  test('SAML providers come before the roles that trust them: an assertion for the pair is accepted', async () => {
    const providerArn = 'arn:aws:iam::111111111111:saml-provider/okta';
    const roleArn = 'arn:aws:iam::111111111111:role/engineers';
    const { mock } = load({
      samlProviders: [{ accountId: '111111111111', name: 'okta', issuer: 'http://www.okta.com/exk1' }],
      roles: [{ accountId: '111111111111', roleName: 'engineers', trustedPrincipals: [providerArn] }],
    });
    const { sts } = mock;
    const samlAssertion = sts.mintSamlAssertion({
      issuer: 'http://www.okta.com/exk1',
      subject: 'alice@example.com',
      roles: [{ roleArn, providerArn }],
      roleSessionName: 'alice',
    });
    const body = new URLSearchParams({
      Action: 'AssumeRoleWithSAML',
      Version: '2011-06-15',
      RoleArn: roleArn,
      PrincipalArn: providerArn,
      SAMLAssertion: samlAssertion,
    });
    const answer = await sts.handle(
      new Request('https://sts.amazonaws.com/', { method: 'POST', body: body.toString() }),
    );
    expect(await answer.text()).toContain(
      '<Arn>arn:aws:sts::111111111111:assumed-role/engineers/alice</Arn>',
    );
    expect(answer.status).toBe(200);
    expect(() => sts.createSamlProvider({ accountId: '111111111111', name: 'okta' })).toThrow(
      "name: SAML provider 'okta' already exists in 111111111111",
    );
  });

  test('organizations and outbound web identity federation are createOrganization and enableOutboundWebIdentityFederation', () => {
    const { mock } = load({
      organizations: [
        {
          managementAccountId: '111111111111',
          memberAccountIds: ['222222222222', '333333333333'],
          delegatedAdministratorAccountIds: ['222222222222'],
        },
      ],
      outboundWebIdentityFederation: [{ accountId: '222222222222' }],
    });
    const { sts } = mock;
    expect(() =>
      sts.createOrganization({ managementAccountId: '444444444444', memberAccountIds: ['333333333333'] }),
    ).toThrow(/^memberAccountIds: account '333333333333' already belongs to organization o-[a-z0-9]{10}$/);
    // Enabled once more, the account keeps the issuer the fixture gave it: the same object, not a new one.
    const enabled = sts.enableOutboundWebIdentityFederation({ accountId: '222222222222' });
    expect(sts.enableOutboundWebIdentityFederation({ accountId: '222222222222' })).toBe(enabled);
  });

  test('a user may be given a fixed key pair, which the mock then accepts', () => {
    const secretAccessKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const { users } = load({
      users: [
        { ...alice, accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey },
        { ...alice, userName: 'bob' },
      ],
    });
    expect(users[0]?.user.credentials).toEqual({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey });
    expect(users[1]?.user.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(users[1]?.user.accessKeyId).not.toBe('AKIAIOSFODNN7EXAMPLE');
  });

  test('partition, region and throttle are createStsMock options', () => {
    const { mock, region, users } = load({
      partition: 'aws-cn',
      region: 'cn-north-1',
      throttle: { ratePerSecond: 1, burst: 1 },
      users: [alice],
    });
    expect(region).toBe('cn-north-1');
    expect(users[0]?.user.arn).toBe('arn:aws-cn:iam::111111111111:user/alice');
    expect(mock.sts.createRole(deployer).arn).toBe('arn:aws-cn:iam::222222222222:role/deployer');
  });

  test('clock.start sets the clock, which runs on in real time', () => {
    let real = Date.parse('2030-01-01T00:00:00Z');
    const { clock, mock } = loadFixture(
      JSON.stringify({ clock: { start: '2026-03-01T10:00:00Z' } }),
      () => real,
    );
    expect(mock.sts.now().toISOString()).toBe('2026-03-01T10:00:00.000Z');
    real += 1500;
    expect(clock.now().toISOString()).toBe('2026-03-01T10:00:01.500Z');
  });

  test('an empty fixture is a mock without principals, on real time', () => {
    const before = Date.now();
    const { users, mock, region } = load({});
    expect(users).toEqual([]);
    expect(region).toBeUndefined();
    expect(mock.sts.now().getTime()).toBeGreaterThanOrEqual(before);
  });
});

describe('loadFixture: every problem names its place in the file', () => {
  test.each([
    [{ users: [{ ...alice, userName: 'al ice' }] }, 'users[0].userName', "'al ice' is not a user name"],
    [
      { users: [alice, { ...alice, accountId: '12' }] },
      'users[1].accountId',
      "'12' is not a 12-digit account id",
    ],
    [
      { roles: [{ ...deployer, maxSessionDuration: 60 }] },
      'roles[0].maxSessionDuration',
      '60 is not an integer',
    ],
    [
      {
        roles: [
          { accountId: '222222222222', roleName: 'r', trustPolicy: { Statement: [{ Effect: 'Maybe' }] } },
        ],
      },
      'roles[0].trustPolicy.Statement[0].Effect',
      'Maybe',
    ],
    [
      { oidcProviders: [{ accountId: '222222222222', issuer: 'http://x', audiences: ['a'] }] },
      'oidcProviders[0].issuer',
      'http://x',
    ],
    [{ throttle: { ratePerSecond: 0, burst: 1 } }, 'throttle.ratePerSecond', '0 is not a number'],
    [{ region: 'Mars' }, 'region', "'Mars' is not a region name"],
    [{ partition: 'aws-mars' }, 'partition', "'aws-mars' is not one of aws, aws-cn, aws-us-gov"],
    [{ clock: { start: 'yesterday' } }, 'clock.start', 'yesterday is not an ISO 8601 instant'],
    [{ clock: { start: '2026-03-01 10:00' } }, 'clock.start', 'is not an ISO 8601 instant'],
    [{ users: {} }, 'users', 'expected an array, got {}'],
    [
      {
        managedPolicies: [
          { accountId: '111111111111', name: 'p', document: { Statement: [{ Effect: 'Allow' }] } },
        ],
      },
      'managedPolicies[0].document.Statement[0]',
      'needs exactly one of Action or NotAction',
    ],
    [
      { users: [{ ...alice, managedPolicyArns: ['arn:aws:iam::111111111111:policy/none'] }] },
      'users[0].managedPolicyArns[0]',
      'arn:aws:iam::111111111111:policy/none',
    ],
    [
      { samlProviders: [{ accountId: '111111111111', name: 'ok ta' }] },
      'samlProviders[0].name',
      "'ok ta' is not a SAML provider name",
    ],
    [
      {
        samlProviders: [
          { accountId: '111111111111', name: 'okta' },
          { accountId: '111111111111', name: 'okta' },
        ],
      },
      'samlProviders[1].name',
      "SAML provider 'okta' already exists in 111111111111",
    ],
    [
      { samlProviders: [{ accountId: '111111111111', name: 'okta', issuer: '' }] },
      'samlProviders[0].issuer',
      'is not an entity id of 1 to 1024 characters',
    ],
    [
      { organizations: [{ managementAccountId: '111111111111', memberAccountIds: ['22'] }] },
      'organizations[0].memberAccountIds[0]',
      "'22' is not a 12-digit account id",
    ],
    [
      {
        organizations: [
          {
            managementAccountId: '111111111111',
            memberAccountIds: ['222222222222'],
            delegatedAdministratorAccountIds: ['333333333333'],
          },
        ],
      },
      'organizations[0].delegatedAdministratorAccountIds',
      "'333333333333' is not one of memberAccountIds",
    ],
    [
      {
        organizations: [
          { managementAccountId: '111111111111', memberAccountIds: ['222222222222'] },
          { managementAccountId: '333333333333', memberAccountIds: ['111111111111'] },
        ],
      },
      'organizations[1].memberAccountIds',
      "account '111111111111' already belongs to organization o-",
    ],
    [{ organizations: {} }, 'organizations', 'expected an array, got {}'],
    [
      { outboundWebIdentityFederation: [{ accountId: 111111111111 }] },
      'outboundWebIdentityFederation[0].accountId',
      "'111111111111' is not a 12-digit account id",
    ],
    [
      { outboundWebIdentityFederation: ['111111111111'] },
      'outboundWebIdentityFederation[0]',
      'expected an object, got a string',
    ],
    [
      {
        users: [
          {
            ...alice,
            accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
            secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
          },
          { ...alice, userName: 'bob', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) },
        ],
      },
      'users[1].accessKeyId',
      "'AKIAIOSFODNN7EXAMPLE' is already the access key of arn:aws:iam::111111111111:user/alice",
    ],
    [
      { users: [{ ...alice, accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }] },
      'users[0].secretAccessKey',
      'give accessKeyId and secretAccessKey together',
    ],
    [{ roles: ['deployer'] }, 'roles[0]', 'expected an object, got a string'],
    [{ users: [{ ...alice, profile: 'a b' }] }, 'users[0].profile', "'a b' is not a profile name"],
    [{ $schema: 7 }, '$schema', '7 is not a string'],
    [[], 'fixture', 'expected an object, got an array'],
  ])('%j → %s', (fixture, field, problem) => {
    const error = inputError(fixture);
    expect(error.field).toBe(field);
    expect(error.message).toContain(`${field}: `);
    expect(error.message).toContain(problem);
  });

  test('two users with one profile name are refused: the credentials file would hold one of them', () => {
    const error = inputError({ users: [alice, { ...alice, accountId: '999999999999' }] });
    expect(error.message).toBe(
      "users[1].profile: 'alice' is already the profile of users[0]: give one of them another profile",
    );
  });

  test('an unknown key is refused, with the known key it differs from in case', () => {
    expect(inputError({ users: [{ ...alice, UserName: 'x' }] }).message).toMatch(
      /^users\[0\]\.UserName: is not a known option of createUser\(\) \(did you mean 'userName'\?\)/,
    );
    expect(inputError({ Roles: [] }).message).toMatch(
      /^Roles: is not a known option of the fixture \(did you mean 'roles'\?\)/,
    );
    expect(inputError({ samlproviders: [] }).message).toMatch(
      /^samlproviders: is not a known option of the fixture \(did you mean 'samlProviders'\?\)/,
    );
    expect(inputError({ samlProviders: [{ accountId: '111111111111', name: 'o', Issuer: 'x' }] }).field).toBe(
      'samlProviders[0].Issuer',
    );
    expect(inputError({ clock: { begin: '2026-03-01T10:00:00Z' } }).field).toBe('clock.begin');
    expect(inputError({ throttle: { ratePerSecond: 1, burst: 1, brust: 2 } }).field).toBe('throttle.brust');
  });

  test('text that is not JSON says where, never what', () => {
    const error = inputError('{"users": [{"accountId": "111111111111", "mfa": {"base32Seed": SECRETSEED}}]}');
    expect(error.field).toBe('fixture');
    expect(error.message).toMatch(/^fixture: is not valid JSON/);
    expect(error.message).not.toContain('SECRETSEED');
  });

  test('a fixture over 1 MiB is refused before it is parsed', () => {
    const error = inputError(`{"$schema": "${'x'.repeat(maxFixtureBytes)}"}`);
    expect(error.message).toBe(`fixture: is larger than ${maxFixtureBytes} bytes`);
  });

  test('nesting deeper than 32 levels is refused', () => {
    expect(inputError(`{"$schema": ${'['.repeat(40)}${']'.repeat(40)}}`).message).toBe(
      'fixture: is nested more than 32 levels deep',
    );
  });

  test('__proto__ and constructor are keys like any other: refused as unknown, Object.prototype untouched', () => {
    expect(inputError('{"__proto__": {"polluted": true}}').field).toBe('__proto__');
    expect(
      inputError('{"users": [{"accountId": "111111111111", "userName": "a", "__proto__": {"x": 1}}]}').field,
    ).toBe('users[0].__proto__');
    const { users } = loadFixture(
      '{"users": [{"accountId": "111111111111", "userName": "a", "tags": {"__proto__": "t"}}]}',
    );
    expect(users).toHaveLength(1);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });
});

describe('fixture.schema.json agrees with the API', () => {
  const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixture.schema.json'), 'utf8')) as {
    properties: Record<
      string,
      { properties?: Record<string, unknown>; items?: { properties: Record<string, unknown> } }
    >;
  };
  /** The keys the API knows for a section, as its unknown-key error lists them. */
  function knownKeys(fixture: unknown): string[] {
    const known = /\(known: ([^)]*)\)$/.exec(inputError(fixture).message)?.[1];
    return (known ?? '').split(', ');
  }

  test('top level', () => {
    expect(Object.keys(schema.properties).sort()).toEqual([...fixtureKeys].sort());
  });

  test.each([
    ['users', { users: [{ ...alice, zzz: 1 }] }, ['profile']],
    ['roles', { roles: [{ ...deployer, zzz: 1 }] }, []],
    ['oidcProviders', { oidcProviders: [{ zzz: 1 }] }, []],
    ['managedPolicies', { managedPolicies: [{ zzz: 1 }] }, []],
    ['samlProviders', { samlProviders: [{ zzz: 1 }] }, []],
    ['organizations', { organizations: [{ zzz: 1 }] }, []],
    ['outboundWebIdentityFederation', { outboundWebIdentityFederation: [{ zzz: 1 }] }, []],
  ])('%s: every key of the API, and only those (plus the fixture’s own)', (section, fixture, own) => {
    expect(Object.keys(schema.properties[section]?.items?.properties ?? {}).sort()).toEqual(
      [...knownKeys(fixture), ...own].sort(),
    );
  });

  test.each([
    ['throttle', { throttle: { zzz: 1 } }],
    ['clock', { clock: { zzz: 1 } }],
  ])('%s', (section, fixture) => {
    expect(Object.keys(schema.properties[section]?.properties ?? {}).sort()).toEqual(
      knownKeys(fixture).sort(),
    );
  });
});
