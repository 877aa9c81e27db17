import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { safeCause } from './redact';

describe('safeCause', () => {
  const token = 'IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN';
  const sdkError = Object.assign(new Error(`denied for ${token}`), {
    name: 'AccessDenied',
    $fault: 'client',
    $metadata: { httpStatusCode: 403, requestId: 'r-1' },
    Code: 'AccessDenied',
    $response: {
      headers: { 'x-amz-security-token': token },
      socket: { writeBuffer: [`authorization: ${token}`] },
    },
  });

  it('keeps the name, the scrubbed message and the SDK metadata, and drops the raw HTTP exchange', () => {
    const cause = safeCause(sdkError, [token]);
    expect(cause).toBeInstanceOf(Error);
    expect(cause.name).toBe('AccessDenied');
    expect(cause.message).toBe('denied for [REDACTED]');
    expect(cause).toMatchObject({
      $fault: 'client',
      $metadata: { httpStatusCode: 403, requestId: 'r-1' },
      Code: 'AccessDenied',
    });
    expect('$response' in cause).toBe(false);
    expect(inspect(cause, { showHidden: true, depth: 20 })).not.toContain(token);
  });

  it('keeps a Node error code', () => {
    expect(safeCause(Object.assign(new Error('reset'), { code: 'ECONNRESET' }), [])).toMatchObject({
      code: 'ECONNRESET',
    });
  });

  it('scrubs the token from message, stack, name and codes in the forms a service echoes it in', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCY EXAMPLEKEY';
    for (const echoed of [
      encodeURIComponent(token),
      encodeURIComponent(secret),
      encodeURIComponent(secret).replaceAll('%20', '+'),
      JSON.stringify(secret).slice(1, -1).replaceAll('/', '\\/'),
    ]) {
      const error = Object.assign(new Error(`denied: X-Amz-Security-Token=${echoed}`), {
        Code: `Bad${echoed}`,
      });
      error.stack = `Error: ${echoed}\n    at request (${echoed})`;
      const cause = safeCause(error, [token, secret]);
      const shown = inspect(cause, { showHidden: true, depth: 20 }) + JSON.stringify(cause);
      for (const form of [token, secret, encodeURIComponent(token), encodeURIComponent(secret)]) {
        expect(shown).not.toContain(form);
      }
      expect(cause.message).toBe('denied: X-Amz-Security-Token=[REDACTED]');
    }
  });

  it('wraps values that are not errors', () => {
    expect(safeCause('plain', []).message).toBe('plain');
    expect(safeCause(42, []).message).toBe('a non-Error value was thrown');
  });
});
