import { describe, expect, it } from 'vitest';
import { isRejectedCredentials } from './rejected-credentials';

function serviceError(name: string, httpStatusCode = 400) {
  return Object.assign(new Error('m'), { name, $metadata: { httpStatusCode } });
}

describe('isRejectedCredentials', () => {
  it.each(['ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId'])(
    '%s says the signing credentials were rejected',
    (code) => {
      expect(isRejectedCredentials(serviceError(code, 403))).toBe(true);
    },
  );

  it.each(['AccessDenied', 'Throttling', 'SignatureDoesNotMatch', 'ValidationError'])(
    '%s is about the request, not the credentials',
    (code) => {
      expect(isRejectedCredentials(serviceError(code))).toBe(false);
    },
  );
});
