import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findUnknownKey, knownKeys, unknownKeyProblem } from './known-keys';

interface Options {
  region?: string;
  roles?: string[];
}
const known = knownKeys<Options>({ region: true, roles: true });

describe('findUnknownKey (property)', () => {
  it('finds an unknown key iff there is one, never shows a value, and leaves Object.prototype alone', () => {
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.oneof(
            fc.constantFrom('region', 'roles', 'Region', '__proto__', 'constructor'),
            fc.string({ unit: fc.constantFrom('a', 'b', '-', '_') }),
          ),
          fc.string().map((text) => `planted-secret:${text}`),
        ),
        (input) => {
          const unknown = findUnknownKey(input, known);
          expect(unknown === undefined).toBe(Object.keys(input).every((key) => known.has(key)));
          if (unknown !== undefined) {
            expect(unknownKeyProblem(unknown, known)).not.toContain('planted-secret');
          }
          expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
        },
      ),
    );
  });
});
