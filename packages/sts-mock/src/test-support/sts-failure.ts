import { STSServiceException } from '@aws-sdk/client-sts';
import { expect } from 'vitest';

/** What an STS call through the SDK rejected with; a call that resolves, or fails otherwise, fails the test. */
export async function failure(promise: Promise<unknown>): Promise<STSServiceException> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(STSServiceException);
  return error as STSServiceException;
}
