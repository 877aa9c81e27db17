import fc from 'fast-check';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { IdentityLoggerOptionsError, resolveOptions } from './options';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY-planted';

/** Option-like objects: known and unknown keys, values of every kind, the planted secret anywhere. */
const secretOrAnything = fc.oneof(
  fc.constant(SECRET),
  fc.constant({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET }),
  fc.constant([SECRET]),
  fc.anything(),
);
const key = fc.oneof(
  fc.constantFrom(
    'logger',
    'level',
    'onRecord',
    'resolveUnknown',
    'stsClientConfig',
    'credentials',
    'secretAccessKey',
    '__proto__',
    'constructor',
    'Level',
  ),
  fc.string({ maxLength: 12 }),
);
const options = fc.oneof(
  fc.dictionary(key, secretOrAnything, { maxKeys: 4 }),
  fc.record({ stsClientConfig: fc.dictionary(key, secretOrAnything, { maxKeys: 3 }) }),
  fc.record({ logger: fc.dictionary(fc.constantFrom('debug', 'info', 'warn', 'error'), secretOrAnything) }),
  secretOrAnything,
);

describe('resolveOptions (property)', () => {
  it('lets only IdentityLoggerOptionsError escape, never with the planted secret, and leaves Object.prototype alone', () => {
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    fc.assert(
      fc.property(options, (input) => {
        try {
          resolveOptions(input);
        } catch (error) {
          expect(error).toBeInstanceOf(IdentityLoggerOptionsError);
          for (const output of [
            inspect(error, { showHidden: true, depth: Infinity }),
            JSON.stringify(error),
            (error as Error).stack ?? '',
          ]) {
            expect(output).not.toContain(SECRET);
          }
        }
        expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      }),
    );
  });

  it('refuses options whose getters or proxy traps throw with its own error, not theirs', () => {
    const trap = () => {
      throw new Error(SECRET);
    };
    for (const hostile of [
      new Proxy({}, { ownKeys: trap }),
      new Proxy({ level: 'info' }, { get: trap }),
      Object.defineProperty({}, 'level', { enumerable: true, get: trap }),
      { logger: Object.defineProperty({}, 'debug', { get: trap }) },
    ]) {
      expect(() => resolveOptions(hostile)).toThrow(IdentityLoggerOptionsError);
      try {
        resolveOptions(hostile);
      } catch (error) {
        expect(inspect(error, { showHidden: true })).not.toContain(SECRET);
      }
    }
  });
});
