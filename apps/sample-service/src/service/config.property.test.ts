// Any environment — hostile names and values, huge lists, odd Unicode — either configures the service and
// builds its credential provider, or fails with one ConfigError naming a variable: never another error, never
// a secret from the environment in the message, never a change to Object.prototype.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { createChainCredentials } from './chain-credentials';
import { ConfigError, resolveConfig } from './config';

const variables = [
  'ROLECHAIN_DEMO',
  'ROLE_CHAIN',
  'AWS_PROFILE',
  'EXTERNAL_ID',
  'REPORTS_BUCKET',
  'REPORTS_PREFIX',
  'AWS_REGION',
  'PORT',
  'HOST',
] as const;
const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY';
const fixed = {
  source: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: secret },
  roleArns: ['arn:aws:iam::222222222222:role/deployer', 'arn:aws:iam::333333333333:role/report-reader'],
  now: Date.now,
};
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

const arn = fc.oneof(
  fc.constantFrom(
    'arn:aws:iam::222222222222:role/deployer',
    'arn:aws-cn:iam::222222222222:role/x',
    'arn:aws-us-gov:iam::222222222222:role/path/x',
    'arn:aws:iam::22:role/x',
    '__proto__',
  ),
  fc.string({ maxLength: 30 }),
);
/** Weighted so a hostile value often meets an otherwise working environment. */
const value = fc.oneof(
  fc.constantFrom('0', '1', '', ' ', 'eu-west-1', 'cn-north-1', 'us-gov-west-1', '__proto__', 'constructor'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'binary', minLength: 400, maxLength: 600 }),
  {
    // Characters JSON escapes: short enough for the service, long once in the session policy.
    arbitrary: fc
      .oneof(
        fc.tuple(fc.constantFrom('"', '\\'), fc.integer({ min: 450, max: 512 })),
        fc.tuple(fc.constant('\u0001'), fc.integer({ min: 150, max: 512 })),
      )
      .map(([c, n]) => c.repeat(n)),
    weight: 3,
  },
  fc.array(arn, { maxLength: 6 }).map((arns) => arns.join(',')),
);
/** A working environment (the demo, a role chain, a profile) with one to three variables made hostile. */
const env = fc
  .tuple(
    fc.constantFrom<Record<string, string>>(
      {},
      {
        ROLE_CHAIN: 'arn:aws:iam::222222222222:role/deployer,arn:aws:iam::333333333333:role/report-reader',
        AWS_REGION: 'eu-west-1',
        REPORTS_BUCKET: 'b-1',
      },
      { AWS_PROFILE: 'p', AWS_REGION: 'eu-west-1', REPORTS_BUCKET: 'b-1' },
    ),
    fc
      .subarray([...variables], { minLength: 1, maxLength: 3 })
      .chain((names) => fc.tuple(...names.map((name) => value.map((given) => [name, given] as const)))),
  )
  .map(([base, hostile]) => ({ ...base, ...Object.fromEntries(hostile) }));

test('an environment configures the service or fails with one ConfigError, nothing else', () => {
  const prototypeKeys = Reflect.ownKeys(Object.prototype);
  fc.assert(
    fc.property(env, fc.boolean(), (given, tour) => {
      const withSecret = { ...given, AWS_SECRET_ACCESS_KEY: secret, AWS_SESSION_TOKEN: `token-${secret}` };
      try {
        const config = resolveConfig(withSecret, tour ? { forceDemo: true, defaultPort: 0 } : {});
        createChainCredentials(config, { logger: quiet, fixed });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        const { message, variable } = error as ConfigError;
        expect(variables).toContain(variable);
        expect(message.startsWith(`${variable}: `)).toBe(true);
        expect(message).not.toContain(secret);
      }
      expect(Reflect.ownKeys(Object.prototype)).toEqual(prototypeKeys);
    }),
  );
});
