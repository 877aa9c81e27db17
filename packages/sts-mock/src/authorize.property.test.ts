import fc from 'fast-check';
import { expect, test } from 'vitest';
import { checkAuthorizeInput } from './authorize';
import { StsMockInputError } from './errors';
import { checkPermissions, addManagedPolicy } from './managed-policies';
import { PolicyDocumentError } from './policy-evaluation';
import { PrincipalStore } from './store';

// Whatever a test hands `authorize`, `createManagedPolicy` or the permissions options, the answer is a value or
// one of the package's typed errors, and Object.prototype is untouched.

const prototypeNames = Object.getOwnPropertyNames(Object.prototype);
const hostileKey = fc.constantFrom('__proto__', 'constructor', 'toString', 'action', 'resource', 'context');
const anything = fc.anything({
  key: fc.oneof(hostileKey, fc.string({ maxLength: 6 })),
  maxDepth: 3,
  withMap: true,
  withNullPrototype: true,
});
const typed = (error: unknown) => {
  expect(error instanceof StsMockInputError || error instanceof PolicyDocumentError).toBe(true);
};

test('authorize() input: a checked value or an StsMockInputError', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        anything,
        fc.record({
          action: fc.oneof(fc.constantFrom('s3:GetObject', 's3:*', ''), anything),
          resource: fc.oneof(fc.constantFrom('*', 'arn:aws:s3:::b/k', 'b/k'), anything),
          context: fc.oneof(fc.dictionary(fc.oneof(hostileKey, fc.string()), anything), anything),
        }),
      ),
      (input) => {
        try {
          checkAuthorizeInput(input);
        } catch (error) {
          expect(error).toBeInstanceOf(StsMockInputError);
        }
        expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeNames);
      },
    ),
  );
});

test('createManagedPolicy and the permissions options: a value or a typed error', () => {
  const store = new PrincipalStore();
  const known = addManagedPolicy(store, 'aws', {
    accountId: 'aws',
    name: 'Known',
    document: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } },
  });
  fc.assert(
    fc.property(anything, anything, fc.oneof(fc.constant(known.arn), anything), (document, policies, arn) => {
      try {
        addManagedPolicy(store, 'aws', { accountId: '111111111111', name: 'p', document } as never);
        store.policies.clear();
      } catch (error) {
        typed(error);
      }
      try {
        checkPermissions(store, '111111111111', {
          policies: policies as never,
          managedPolicyArns: [arn] as never,
          permissionsBoundary: arn as never,
        });
      } catch (error) {
        typed(error);
      }
      expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeNames);
    }),
  );
});
