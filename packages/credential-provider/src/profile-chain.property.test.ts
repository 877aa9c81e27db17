import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RoleChainConfigError } from './errors';
import { resolveProfileChain } from './profile-chain';
import { profileSettings } from './profile-settings';

// Any key another tool may write next to a working chain either leaves the chain as it is (listed as unknown
// or unused) or, when it is a near miss of a setting we read, is refused naming the key with a suggestion.
// Nothing else escapes and Object.prototype is untouched.

const roleA = 'arn:aws:iam::222222222222:role/a';
const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzPLANTEDSECRET';
const read = [...profileSettings.role, ...profileSettings.staticCredentials, ...profileSettings.sdkBase];

/** A read setting with one character changed, dropped, doubled or swapped with the next. */
const typo = fc
  .tuple(fc.constantFrom(...read), fc.nat(), fc.constantFrom('change', 'drop', 'double', 'swap'))
  .map(([setting, at, edit]) => {
    const i = at % setting.length;
    if (edit === 'drop') return setting.slice(0, i) + setting.slice(i + 1);
    if (edit === 'double') return setting.slice(0, i) + (setting[i] as string) + setting.slice(i);
    if (edit === 'swap' && i + 1 < setting.length) {
      return setting.slice(0, i) + (setting[i + 1] as string) + (setting[i] as string) + setting.slice(i + 2);
    }
    return `${setting.slice(0, i)}${setting[i] === 'q' ? 'z' : 'q'}${setting.slice(i + 1)}`;
  });
const anyKey = fc.oneof(
  typo,
  fc.string({ minLength: 1, maxLength: 80 }),
  fc.constantFrom('__proto__', 'constructor', 'x_principal_arn', 's3.addressing_style', 'toString'),
);

describe('resolveProfileChain with any extra key', () => {
  it('keeps the chain, or refuses a near miss with a suggestion; nothing else escapes', () => {
    fc.assert(
      fc.property(anyKey, fc.boolean(), (key, onRole) => {
        const base: Record<string, string> = {
          aws_access_key_id: 'AKIAEXAMPLE',
          aws_secret_access_key: secret,
        };
        const role: Record<string, string> = { role_arn: roleA, source_profile: 'base' };
        const target = onRole ? role : base;
        if (Object.hasOwn(target, key)) return;
        const data = Object.assign(Object.create(null) as Record<string, string>, target);
        data[key] = 'value';
        const profiles = onRole ? { base, a: data } : { base: data, a: role };
        try {
          const chain = resolveProfileChain(profiles, 'a');
          expect(chain.hops.map((hop) => hop.hop.roleArn)).toEqual([roleA]);
          expect(chain.source).toEqual({ kind: 'static', profile: 'base' });
          const profile = onRole ? 'a' : 'base';
          const listed = [...(chain.unknownKeys[profile] ?? []), ...(chain.unusedKeys[profile] ?? [])];
          if (!profileSettings.neutral.has(key) && !read.includes(key)) expect(listed).toContain(key);
        } catch (error) {
          expect(error).toBeInstanceOf(RoleChainConfigError);
          const message = (error as Error).message;
          if (!message.includes('did you mean')) {
            // Only a setting we read, placed where it changes the chain, may fail otherwise.
            expect(read).toContain(key);
          }
          expect(message).not.toContain(secret);
        }
        expect(Object.prototype).not.toHaveProperty('value');
      }),
    );
  });

  it('refuses every one-edit typo of a setting we read that is no other known setting', () => {
    const known = new Set([...read, ...profileSettings.neutral]);
    fc.assert(
      fc.property(typo, (key) => {
        if (known.has(key)) return;
        const data = Object.assign(Object.create(null) as Record<string, string>, {
          role_arn: roleA,
          source_profile: 'base',
          [key]: 'value',
        });
        expect(() =>
          resolveProfileChain(
            { base: { aws_access_key_id: 'AKIAEXAMPLE', aws_secret_access_key: secret }, a: data },
            'a',
          ),
        ).toThrow(/did you mean '[a-z_]+'\?$/);
      }),
    );
  });
});
