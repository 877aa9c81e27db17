import { parseArgs } from 'node:util';
import { describe, expect, test } from 'vitest';
import { INVALID_ROLE_ARNS, VALID_ROLE_ARNS } from '@rolechain/aws-rules/fixtures';
import { fromRoleChain, RoleChainConfigError } from '@rolechain/credential-provider';
import { chainOptions, chainSpecFrom, maxArgLength, maxArgs, mfaCodeFrom, parseFlags } from './chain-args';
import { UsageError } from './usage-error';

const a = 'arn:aws:iam::222222222222:role/a';
const b = 'arn:aws:iam::333333333333:role/team/b';

function spec(args: string[], env: Record<string, string> = {}) {
  const { values, tokens } = parseArgs({ args, options: chainOptions, strict: true, tokens: true });
  return chainSpecFrom(values, tokens, env);
}

describe('chainSpecFrom', () => {
  test('--role-arn in order, each --external-id with the role before it', () => {
    expect(spec(['--role-arn', a, '--role-arn', b, '--external-id', 'partner-42'])).toEqual({
      kind: 'roles',
      roles: [{ roleArn: a }, { roleArn: b, externalId: 'partner-42' }],
    });
  });

  test('--profile, else AWS_PROFILE; --region kept', () => {
    expect(spec(['--profile', 'prod', '--region', 'eu-west-1'])).toEqual({
      kind: 'profile',
      profile: 'prod',
      region: 'eu-west-1',
    });
    expect(spec([], { AWS_PROFILE: 'dev' })).toEqual({ kind: 'profile', profile: 'dev' });
  });

  test.each([
    [['--role-arn', 'arn:aws:iam::12:role/x'], '--role-arn: must be an IAM role ARN'],
    [['--role-arn', a, '--role-arn', 'x'], '--role-arn (role 2 of 2): must be an IAM role ARN'],
    [['--role-arn', a, '--external-id', 'x'], '--external-id: must be'],
    [['--role-arn', a, '--region', 'Europe'], '--region: must be an AWS region name'],
    [['--profile', 'p', '--region', 'Europe'], '--region: must be an AWS region name'],
    [
      ['--role-arn', 'arn:aws-cn:iam::222222222222:role/a', '--region', 'us-east-1'],
      '--role-arn: is in partition aws-cn',
    ],
    [['--external-id', 'x'], '--external-id must follow the --role-arn it belongs to'],
    [
      ['--role-arn', a, '--external-id', 'x1', '--external-id', 'x2'],
      `--external-id given twice for --role-arn ${a}`,
    ],
    [['--role-arn', a, '--profile', 'p'], '--profile and --role-arn cannot be combined'],
    [[], '--profile or --role-arn is required'],
    [['--profile', ''], '--profile must not be empty'],
    [['--profile', 'p', '--region', ''], '--region must not be empty'],
  ])('%j is a usage error naming the flag', (args, message) => {
    expect(() => spec(args)).toThrow(UsageError);
    expect(() => spec(args)).toThrow(message);
  });
});

describe('--role-arn accepts exactly what fromRoleChain accepts (issue 14)', () => {
  /** What the provider says of a role ARN: undefined when it takes it, else its problem. */
  function providerSays(roleArn: string): string | undefined {
    try {
      fromRoleChain({ roles: [{ roleArn }], region: 'us-east-1' });
      return undefined;
    } catch (error) {
      if (error instanceof RoleChainConfigError) return error.problem;
      throw error;
    }
  }

  test('a 100-character role name is refused by the flag as by the provider, in its words', () => {
    const roleArn = `arn:aws:iam::222222222222:role/${'r'.repeat(100)}`;
    const problem = providerSays(roleArn);
    expect(problem).toBeDefined();
    expect(() => spec(['--role-arn', roleArn, '--region', 'us-east-1'])).toThrow(
      new UsageError(`--role-arn: ${problem ?? ''}`),
    );
  });

  test.each([...VALID_ROLE_ARNS, ...INVALID_ROLE_ARNS].map((arn) => [arn]))('%j', (roleArn) => {
    const problem = providerSays(roleArn);
    const check = () => spec(['--role-arn', roleArn, '--region', 'us-east-1']);
    if (problem === undefined) expect(check()).toMatchObject({ kind: 'roles', roles: [{ roleArn }] });
    else expect(check).toThrow(new UsageError(`--role-arn: ${problem}`));
  });
});

describe('mfaCodeFrom', () => {
  const profile = { kind: 'profile', profile: 'prod' } as const;

  test('6 digits for a profile chain; absent stays absent', () => {
    expect(mfaCodeFrom('012345', profile)).toBe('012345');
    expect(mfaCodeFrom(undefined, profile)).toBeUndefined();
  });

  test.each(['12345', '1234567', '12345a', ' 123456', ''])(
    '%j is a usage error naming the flag, not the value',
    (value) => {
      const check = () => mfaCodeFrom(value, profile);
      expect(check).toThrow(UsageError);
      expect(check).toThrow('--mfa-code must be the 6 digits your MFA device shows (value not shown)');
    },
  );

  test('with --role-arn it is a usage error: those roles have no mfa_serial', () => {
    expect(() => mfaCodeFrom('123456', { kind: 'roles', roles: [{ roleArn: a }] })).toThrow(
      new UsageError('--mfa-code needs --profile: roles given with --role-arn have no mfa_serial'),
    );
  });
});

describe('parseFlags', () => {
  test('an unknown flag is a one-line usage error naming it', () => {
    const parse = () => parseFlags({ args: ['--nope'], options: chainOptions, strict: true });
    expect(parse).toThrow(UsageError);
    expect(parse).toThrow(new UsageError('unknown flag --nope'));
  });

  test('a string flag without its value is a usage error naming it', () => {
    expect(() => parseFlags({ args: ['--profile'], options: chainOptions, strict: true })).toThrow(
      new UsageError('--profile needs a value'),
    );
  });

  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  test.each([
    [['--aws-secret-access-key', secret], 'unknown flag --aws-secret-access-key'],
    [[`--aws-secret-access-key=${secret}`], 'unknown flag --aws-secret-access-key'],
    [[`--${secret}`], 'unknown flag a flag'],
    [['--profile', 'p', secret], 'unexpected argument: this command takes flags only'],
    [[`--help=${secret}`], '--help takes no value'],
  ])('%j: the error names the flag, never a value or a stray argument', (args, message) => {
    const parse = () => parseFlags({ args, options: chainOptions, strict: true });
    expect(parse).toThrow(new UsageError(message));
  });

  test('bounded: too many or too long arguments are refused before parsing', () => {
    expect(() =>
      parseFlags({
        args: Array.from({ length: maxArgs + 1 }, () => '-h'),
        options: chainOptions,
        strict: true,
      }),
    ).toThrow(new UsageError(`too many arguments (${String(maxArgs + 1)}; at most ${String(maxArgs)})`));
    expect(() =>
      parseFlags({ args: ['--profile', 'x'.repeat(maxArgLength + 1)], options: chainOptions, strict: true }),
    ).toThrow(new UsageError(`argument 2 is longer than ${String(maxArgLength)} characters`));
  });

  test('values are null-prototype: a flag value of __proto__ is a plain value', () => {
    const { values } = parseFlags({ args: ['--profile', '__proto__'], options: chainOptions, strict: true });
    expect(Object.getPrototypeOf(values)).toBeNull();
    expect(values.profile).toBe('__proto__');
    expect(spec(['--profile', '__proto__'])).toEqual({ kind: 'profile', profile: '__proto__' });
  });
});
