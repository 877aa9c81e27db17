import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ASSUMED_IDENTITY, readAssumedIdentity } from './assumed-identity';

describe('readAssumedIdentity (property)', () => {
  it('never throws, and answers an identity only for the documented shape', () => {
    fc.assert(
      fc.property(fc.anything({ withDate: true, withNullPrototype: true }), (meta) => {
        const read = readAssumedIdentity({ [ASSUMED_IDENTITY]: meta });
        if (read !== undefined) {
          expect(typeof read.arn).toBe('string');
          expect(typeof read.source.accessKeyId).toBe('string');
          expect(read.chain.every((hop) => hop.expiration instanceof Date)).toBe(true);
        }
        expect(readAssumedIdentity(meta)).toBeUndefined();
      }),
    );
  });
});
