import { describe, expect, it } from 'vitest';
import { RoleChainConfigError } from './errors';
import { fromRoleChainProfile } from './from-role-chain-profile';
import type { RoleChainOptions } from './options';
import { validateOptions } from './validate-options';

const roleA = 'arn:aws:iam::222222222222:role/a';
const roleB = 'arn:aws:iam::333333333333:role/team/b';

function reject(options: unknown): RoleChainConfigError {
  try {
    validateOptions(options as RoleChainOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(RoleChainConfigError);
    return error as RoleChainConfigError;
  }
  throw new Error('expected a RoleChainConfigError');
}

function withHop(hop: Record<string, unknown>, index = 0): unknown {
  const roles: unknown[] = [{ roleArn: roleA }, { roleArn: roleB }];
  roles[index] = { roleArn: index === 0 ? roleA : roleB, ...hop };
  return { roles };
}

describe('validateOptions', () => {
  it('normalises a full hop into STS wire shapes', () => {
    const tokenCode = () => Promise.resolve('123456');
    const validated = validateOptions({
      region: 'eu-west-1',
      roles: [
        {
          roleArn: roleA,
          roleSessionName: 'ci-42',
          externalId: 'ext-123',
          durationSeconds: 7200,
          policy: { Version: '2012-10-17', Statement: [] },
          policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
          tags: { Team: 'core', Env: '' },
          transitiveTagKeys: ['team'],
          sourceIdentity: 'alice',
          mfa: { serialNumber: 'arn:aws:iam::111111111111:mfa/alice', tokenCode },
        },
        { roleArn: roleB, region: 'us-east-1' },
      ],
    });
    expect(validated.hops[0]).toEqual({
      roleArn: roleA,
      roleSessionName: 'ci-42',
      externalId: 'ext-123',
      durationSeconds: 7200,
      policy: '{"Version":"2012-10-17","Statement":[]}',
      policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      tags: [
        { Key: 'Team', Value: 'core' },
        { Key: 'Env', Value: '' },
      ],
      transitiveTagKeys: ['team'],
      sourceIdentity: 'alice',
      mfa: { serialNumber: 'arn:aws:iam::111111111111:mfa/alice', tokenCode, timeoutMs: 60_000 },
      region: undefined,
    });
    expect(validated.hops[1]?.region).toBe('us-east-1');
    expect(validated).toMatchObject({
      region: 'eu-west-1',
      strictDuration: false,
      timeoutMs: 30_000,
      startupBudgetMs: 60_000,
    });
  });

  it.each([
    [{ roleArn: 'arn:aws:iam::2222:role/a' }, 'roles[0].roleArn', '"arn:aws:iam::2222:role/a"'],
    [{ roleArn: 'arn:aws:iam::222222222222:user/a' }, 'roles[0].roleArn', 'user/a'],
    [{ roleSessionName: 'has space' }, 'roles[0].roleSessionName', '"has space"'],
    [{ roleSessionName: 'x' }, 'roles[0].roleSessionName', '"x"'],
    [{ externalId: 'a' }, 'roles[0].externalId', '"a"'],
    [{ externalId: 'bad id!' }, 'roles[0].externalId', '"bad id!"'],
    [{ durationSeconds: 899 }, 'roles[0].durationSeconds', '899'],
    [{ durationSeconds: 43201 }, 'roles[0].durationSeconds', '43201'],
    [{ durationSeconds: 1000.5 }, 'roles[0].durationSeconds', '1000.5'],
    [{ durationSeconds: '3600' }, 'roles[0].durationSeconds', '"3600"'],
    [{ policy: '{not json' }, 'roles[0].policy', '{not json'],
    [{ policy: '[1]' }, 'roles[0].policy', '[1]'],
    [{ policy: { doc: 'x'.repeat(2100) } }, 'roles[0].policy', 'got 2110'],
    [
      { policyArns: Array.from({ length: 11 }, () => 'arn:aws:iam::aws:policy/X') },
      'roles[0].policyArns',
      '11',
    ],
    [{ policyArns: ['arn:aws:iam::aws:role/X'] }, 'roles[0].policyArns[0]', 'role/X'],
    [{ tags: { 'aws:x': 'y' } }, 'roles[0].tags', 'aws:x'],
    [{ tags: { Team: 'a', team: 'b' } }, 'roles[0].tags', '"Team" and "team"'],
    [{ tags: { ['k'.repeat(129)]: 'v' } }, 'roles[0].tags', 'kkkk'],
    [{ tags: { k: 'v'.repeat(257) } }, 'roles[0].tags.k', 'vvvv'],
    [{ tags: { k: 'bad!' } }, 'roles[0].tags.k', '"bad!"'],
    [
      { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) },
      'roles[0].tags',
      '51',
    ],
    [{ tags: { a: 'b' }, transitiveTagKeys: ['c'] }, 'roles[0].transitiveTagKeys[0]', '"c"'],
    [{ transitiveTagKeys: ['c'] }, 'roles[0].transitiveTagKeys[0]', '"c"'],
    [{ sourceIdentity: 'aws:me' }, 'roles[0].sourceIdentity', '"aws:me"'],
    [
      { mfa: { serialNumber: 'short', tokenCode: () => Promise.resolve('1') } },
      'roles[0].mfa.serialNumber',
      '"short"',
    ],
    [
      { mfa: { serialNumber: 'arn:aws:iam::111111111111:mfa/a', tokenCode: '123456' } },
      'roles[0].mfa.tokenCode',
      'function',
    ],
    [
      { mfa: { serialNumber: 'arn:aws:iam::111111111111:mfa/a', tokenCode: () => 1, code: 1 } },
      'roles[0].mfa.code',
      'not a known',
    ],
    [{ region: 'us-east' }, 'roles[0].region', '"us-east"'],
    [
      { region: 'cn-north-1' },
      'roles[0].roleArn',
      'partition aws but the STS region cn-north-1 is in aws-cn',
    ],
    [{ roleARN: roleA }, 'roles[0].roleARN', 'not a known option'],
  ] as const)('rejects bad hop 1 option #%#', (hop, field, shown) => {
    const error = reject(withHop(hop));
    expect(error.field).toBe(field);
    expect(error.hop).toBe(1);
    expect(error.message).toContain(shown);
  });

  it('names the hop for later hops', () => {
    const error = reject(withHop({ externalId: '!' }, 1));
    expect(error).toMatchObject({ hop: 2, field: 'roles[1].externalId' });
    expect(error.message).toMatch(/^hop 2: roles\[1\]\.externalId: /);
  });

  it('refuses to change a source identity set on an earlier hop', () => {
    const error = reject({
      roles: [
        { roleArn: roleA, sourceIdentity: 'alice' },
        { roleArn: roleB, sourceIdentity: 'bob' },
      ],
    });
    expect(error).toMatchObject({ hop: 2, field: 'roles[1].sourceIdentity' });
  });

  it('rejects long chained durations up front with strictDuration, and only then', () => {
    const options = {
      roles: [
        { roleArn: roleA, durationSeconds: 7200 },
        { roleArn: roleB, durationSeconds: 7200 },
      ],
    };
    expect(validateOptions(options).hops[1]?.durationSeconds).toBe(7200);
    const error = reject({ ...options, strictDuration: true });
    expect(error).toMatchObject({ hop: 2, field: 'roles[1].durationSeconds' });
    expect(error.message).toContain('role chaining');
  });

  it.each([
    [{ roles: [] }, 'roles'],
    [{}, 'roles'],
    [{ roles: ['x'] }, 'roles[0]'],
    [{ roles: [{ roleArn: roleA }], region: 'nowhere' }, 'region'],
    [{ roles: [{ roleArn: roleA }], region: 'cn-north-1' }, 'roles[0].roleArn'],
    [{ roles: [{ roleArn: roleA }], strictDuration: 'yes' }, 'strictDuration'],
    [{ roles: [{ roleArn: roleA }], now: 5 }, 'now'],
    [{ roles: [{ roleArn: roleA }], logger: console.log }, 'logger'],
    [{ roles: [{ roleArn: roleA }], stsClientConfig: { region: 'us-east-1' } }, 'stsClientConfig.region'],
    [{ roles: [{ roleArn: roleA }], stsClientConfig: { logger: console } }, 'stsClientConfig.logger'],
    [{ roles: [{ roleArn: roleA }], stsClientConfig: { maxAttempts: NaN } }, 'stsClientConfig.maxAttempts'],
    [
      { roles: [{ roleArn: roleA }], stsClientConfig: { maxAttempts: Infinity } },
      'stsClientConfig.maxAttempts',
    ],
    [{ roles: [{ roleArn: roleA }], stsClientConfig: { maxAttempts: 0 } }, 'stsClientConfig.maxAttempts'],
    [{ roles: [{ roleArn: roleA }], stsClientConfig: { maxAttempts: -3 } }, 'stsClientConfig.maxAttempts'],
    [{ roles: [{ roleArn: roleA }], stsClientConfig: { maxAttempts: 2.5 } }, 'stsClientConfig.maxAttempts'],
    [{ roles: [{ roleArn: roleA }], stsClientConfig: { maxAttempts: '3' } }, 'stsClientConfig.maxAttempts'],
    [
      { roles: [{ roleArn: roleA }], refreshWindows: { advisoryMs: 1000, mandatoryMs: 2000 } },
      'refreshWindows.mandatoryMs',
    ],
    [{ roles: [{ roleArn: roleA }], refreshWindows: { advisory: 1 } }, 'refreshWindows.advisory'],
    [{ roles: [{ roleArn: roleA }], refreshWindows: { jitter: 1 } }, 'refreshWindows.jitter'],
    [{ roles: [{ roleArn: roleA }], backoff: { baseMs: -1 } }, 'backoff.baseMs'],
    [{ roles: [{ roleArn: roleA }], backoff: { baseMs: 10, maxMs: 5 } }, 'backoff.maxMs'],
    [{ roles: [{ roleArn: roleA }], timeoutMs: 0 }, 'timeoutMs'],
    [{ roles: [{ roleArn: roleA }], startupBudgetMs: 0 }, 'startupBudgetMs'],
    [{ roles: [{ roleArn: roleA }], startupBudgetMs: '60000' }, 'startupBudgetMs'],
    [{ roles: [{ roleArn: roleA }], startupBudgetMs: Number.NaN }, 'startupBudgetMs'],
    [{ roles: [{ roleArn: roleA }], rgion: 'us-east-1' }, 'rgion'],
  ])('rejects provider options %j naming %s', (options, field) => {
    const error = reject(options);
    expect(error.field).toBe(field);
  });

  it('names stsClientConfig.maxAttempts and its value, for fromRoleChain and fromRoleChainProfile alike', () => {
    expect(reject({ roles: [{ roleArn: roleA }], stsClientConfig: { maxAttempts: NaN } }).message).toBe(
      'stsClientConfig.maxAttempts: must be a whole number of attempts, at least 1 (or a function returning one), got NaN',
    );
    let profileError: unknown;
    try {
      fromRoleChainProfile({ stsClientConfig: { maxAttempts: 0 } });
    } catch (error) {
      profileError = error;
    }
    expect(profileError).toBeInstanceOf(RoleChainConfigError);
    expect(profileError).toMatchObject({ field: 'stsClientConfig.maxAttempts' });
    expect((profileError as Error).message).toContain('got 0');
  });

  it('accepts a whole stsClientConfig.maxAttempts of at least 1, or a provider of it', () => {
    for (const maxAttempts of [1, 3, 10, () => Promise.resolve(4)]) {
      const options = { roles: [{ roleArn: roleA }], stsClientConfig: { maxAttempts } };
      expect(validateOptions(options).stsClientConfig.maxAttempts).toBe(maxAttempts);
    }
  });

  it('never echoes a source that may hold a secret', () => {
    const secretAccessKey = 'S3cr3tValueThatMustNeverAppear0123456789';
    for (const source of [{ secretAccessKey }, { accessKeyId: '', secretAccessKey }, secretAccessKey]) {
      const error = reject({ roles: [{ roleArn: roleA }], source });
      expect(error.field).toBe('source');
      expect(error.message).not.toContain(secretAccessKey);
    }
    expect(
      reject({ roles: [{ roleArn: roleA }], stsClientConfig: { credentials: { secretAccessKey } } }).message,
    ).not.toContain(secretAccessKey);
  });

  it('accepts static credentials or a provider as the source', () => {
    const provider = () => Promise.resolve({ accessKeyId: 'AKIA', secretAccessKey: 's' });
    expect(validateOptions({ roles: [{ roleArn: roleA }], source: provider }).source).toBe(provider);
    const identity = { accessKeyId: 'AKIA', secretAccessKey: 's' };
    expect(validateOptions({ roles: [{ roleArn: roleA }], source: identity }).source).toBe(identity);
  });

  it('accepts other partitions when the region fits', () => {
    const hops = validateOptions({
      region: 'cn-north-1',
      roles: [{ roleArn: 'arn:aws-cn:iam::222222222222:role/a' }],
    }).hops;
    expect(hops[0]?.roleArn).toBe('arn:aws-cn:iam::222222222222:role/a');
  });
});

describe('millisecond options', () => {
  const hop = {
    roleArn: roleA,
    mfa: { serialNumber: 'arn:aws:iam::111111111111:mfa/alice', tokenCode: () => Promise.resolve('123456') },
  };
  const fields: [string, (ms: number) => Record<string, unknown>][] = [
    ['timeoutMs', (ms) => ({ timeoutMs: ms })],
    ['startupBudgetMs', (ms) => ({ startupBudgetMs: ms })],
    ['refreshWindows.advisoryMs', (ms) => ({ refreshWindows: { advisoryMs: ms } })],
    [
      'refreshWindows.mandatoryMs',
      (ms) => ({ refreshWindows: { advisoryMs: Math.min(ms, 2 ** 31 - 1), mandatoryMs: ms } }),
    ],
    ['backoff.baseMs', (ms) => ({ backoff: { baseMs: ms } })],
    ['backoff.maxMs', (ms) => ({ backoff: { maxMs: ms } })],
    ['roles[0].mfa.timeoutMs', (ms) => ({ roles: [{ ...hop, mfa: { ...hop.mfa, timeoutMs: ms } }] })],
  ];

  it.each(fields)(
    '%s refuses more than a Node timer can hold (2^31 ms), naming field and value; 2^31 − 1 is fine',
    (field, set) => {
      const error = reject({ roles: [hop], ...set(2 ** 31) });
      expect(error.message).toContain(`${field}: must be at most 2147483647 ms`);
      expect(error.message).toContain('got 2147483648');
      expect(() => validateOptions({ roles: [hop], ...set(2 ** 31 - 1) })).not.toThrow();
    },
  );
});

describe('policy objects JSON cannot hold', () => {
  const circular: Record<string, unknown> = { Version: '2012-10-17' };
  circular['self'] = circular;
  const deep: Record<string, unknown> = {};
  let level = deep;
  for (let i = 0; i < 20_000; i += 1) {
    const next: Record<string, unknown> = {};
    level['Statement'] = next;
    level = next;
  }
  const throwing = {
    toJSON: () => {
      throw new Error('secret-in-a-getter');
    },
  };

  it.each([
    ['circular', circular, 'is circular'],
    ['holding a BigInt', { Version: '2012-10-17', Count: 10n }, 'holds a BigInt'],
    ['20,000 levels deep', deep, 'is nested too deeply'],
    ['whose toJSON throws', throwing, 'cannot be serialised as JSON'],
    ['with characters STS refuses', { Version: '2012-10-17', Sid: 'ünïcødé ✓' }, 'U+0020 to U+00FF'],
  ])('a policy %s is a RoleChainConfigError naming the field', (_name, policy, problem) => {
    const error = reject(withHop({ policy }));
    expect(error.field).toBe('roles[0].policy');
    expect(error.hop).toBe(1);
    expect(error.message).toContain(problem);
    expect(error.message).not.toContain('secret-in-a-getter');
  });
});

describe('options of the wrong shape', () => {
  it('a hole in roles is refused naming the hop, not dropped', () => {
    // eslint-disable-next-line no-sparse-arrays
    const error = reject({ roles: [{ roleArn: roleA }, , { roleArn: roleB }] });
    expect([error.field, error.hop]).toEqual(['roles[1]', 2]);
  });

  it('a roles array longer than 100 hops is refused before any hop is read (no huge sparse array walk)', () => {
    const error = reject({ roles: new Array(2 ** 32 - 1) });
    expect([error.field, error.message]).toEqual(['roles', 'roles: allows at most 100 hops, got 4294967295']);
  });

  it.each([
    ['a Map', new Map([['team', 'core']])],
    ['an object with a symbol key', { [Symbol('team')]: 'core' }],
  ])('tags given as %s are refused instead of silently sending no tag', (_name, tags) => {
    expect(reject(withHop({ tags })).field).toBe('roles[0].tags');
  });

  it.each([
    [
      'a hop whose getter throws',
      {
        roles: [
          {
            get roleArn(): string {
              throw new TypeError('secret-in-a-getter');
            },
          },
        ],
      },
      'roles',
    ],
    [
      'options behind a proxy whose trap throws',
      new Proxy(
        { roles: [{ roleArn: roleA }] },
        {
          ownKeys() {
            throw new TypeError('secret-in-a-trap');
          },
        },
      ),
      'options',
    ],
  ])('%s is a RoleChainConfigError, not the TypeError it threw', (_name, options, field) => {
    const error = reject(options);
    expect(error.field).toBe(field);
    expect(error.message).not.toContain('secret-in-a');
  });
});
