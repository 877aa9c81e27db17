import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { StsServiceError } from './errors';
import { checkSigV4Clock, parseSigV4 } from './sigv4';

// Whatever a request puts in its Authorization header or presigned query, SigV4 parsing answers "not
// signed", a claim, or an STS error (4xx); it never throws, and a presigned claim's X-Amz-Expires is a whole
// number of seconds from 1 to 604800.

const now = Date.parse('2026-12-02T06:00:00Z');
const fragment = fc.oneof(
  fc.constantFrom(
    'AWS4-HMAC-SHA256 ',
    'Credential=',
    'AKIAIOSFODNN7EXAMPLE/20261202/us-east-1/sts/aws4_request',
    'SignedHeaders=host;x-amz-date',
    'Signature=',
    'a'.repeat(64),
    ',',
    '=',
    ' ',
    '/',
    '__proto__',
    'constructor',
  ),
  fc.string({ maxLength: 16 }),
);
const authorization = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(''));
const amzDate = fc.oneof(
  fc.constantFrom('20261202T060000Z', '20261202T063000Z', '20261201T000000Z', '99991399T999999Z', ''),
  fc.string({ maxLength: 18 }),
);
const expires = fc.oneof(
  fc.integer({ min: -10, max: 700_000 }).map(String),
  fc.constantFrom('1e3', '0x3c', '60.0', ' 60', '+60', '', '604800', '604801', '99999999999999999999'),
  fc.string({ maxLength: 8 }),
);

function expectParsed(result: ReturnType<typeof parseSigV4>): void {
  if (result === undefined) return;
  if (result instanceof StsServiceError) {
    expect(result.status).toBeGreaterThanOrEqual(400);
    expect(result.status).toBeLessThan(500);
    return;
  }
  if (result.presigned) {
    expect(Number.isInteger(result.expiresSeconds)).toBe(true);
    expect(result.expiresSeconds).toBeGreaterThanOrEqual(1);
    expect(result.expiresSeconds).toBeLessThanOrEqual(604800);
  }
  const clock = checkSigV4Clock(result, now);
  if (clock !== undefined) expect(clock).toBeInstanceOf(StsServiceError);
}

describe('parseSigV4 (property)', () => {
  test('an Authorization header gives a claim or an STS error, never a throw', () => {
    fc.assert(
      fc.property(authorization, amzDate, (header, date) => {
        const headers = new Headers();
        headers.set('authorization', header.replace(/[\r\n\0]/g, ' ').trim() || 'x');
        headers.set('x-amz-date', date.replace(/[\r\n\0]/g, ' '));
        expectParsed(parseSigV4(new URL('https://sts.amazonaws.com/'), headers));
      }),
    );
  });

  test('a presigned query gives a claim within SigV4 limits or an STS error, never a throw', () => {
    fc.assert(
      fc.property(amzDate, expires, fc.option(fragment), (date, seconds, credential) => {
        const query = new URLSearchParams({
          'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
          'X-Amz-Credential': credential ?? 'AKIAIOSFODNN7EXAMPLE/20261202/us-east-1/sts/aws4_request',
          'X-Amz-Date': date,
          'X-Amz-Expires': seconds,
          'X-Amz-SignedHeaders': 'host',
          'X-Amz-Signature': 'a'.repeat(64),
        });
        expectParsed(parseSigV4(new URL(`https://sts.amazonaws.com/?${query.toString()}`), new Headers()));
      }),
    );
  });
});
