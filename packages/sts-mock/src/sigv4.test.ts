import { describe, expect, test } from 'vitest';
import { StsServiceError } from './errors';
import { checkSigV4Clock, computeSignature, parseSigV4, payloadHashFor, sha256Hex } from './sigv4';
import type { SigV4Claim } from './sigv4';

// The get-vanilla and get-vanilla-query-order-key-case cases of AWS's published SigV4 test suite.
const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const scope = 'AKIDEXAMPLE/20150830/us-east-1/service/aws4_request';

function signedGet(url: string, signature: string): { url: URL; headers: Headers } {
  return {
    url: new URL(url),
    headers: new Headers({
      host: 'example.amazonaws.com',
      'x-amz-date': '20150830T123600Z',
      authorization: `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host;x-amz-date, Signature=${signature}`,
    }),
  };
}

function claimOf(url: URL, headers: Headers): SigV4Claim {
  const claim = parseSigV4(url, headers);
  if (claim === undefined || claim instanceof StsServiceError) throw new Error('expected a claim');
  return claim;
}

function recompute(url: URL, headers: Headers): string {
  const claim = claimOf(url, headers);
  const payloadHash = payloadHashFor(claim, headers, () => '');
  if (typeof payloadHash !== 'string') throw payloadHash;
  return computeSignature(claim, { method: 'GET', url, headers, payloadHash, bodyLength: () => 0 }, secret);
}

describe('SigV4 verification against the AWS test suite', () => {
  test('get-vanilla', () => {
    const signature = '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31';
    const { url, headers } = signedGet('https://example.amazonaws.com/', signature);
    expect(recompute(url, headers)).toBe(signature);
  });

  test('get-vanilla-query-order-key-case (query sorted by key)', () => {
    const signature = 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500';
    const { url, headers } = signedGet(
      'https://example.amazonaws.com/?Param2=value2&Param1=value1',
      signature,
    );
    expect(recompute(url, headers)).toBe(signature);
  });

  test('a different secret gives a different signature', () => {
    const { url, headers } = signedGet('https://example.amazonaws.com/', '0'.repeat(64));
    const claim = claimOf(url, headers);
    const parts = { method: 'GET', url, headers, payloadHash: sha256Hex(''), bodyLength: () => 0 };
    expect(computeSignature(claim, parts, secret)).not.toBe(computeSignature(claim, parts, `${secret}x`));
  });
});

describe('parseSigV4', () => {
  test('an unsigned request has no claim', () => {
    expect(parseSigV4(new URL('https://sts.amazonaws.com/'), new Headers())).toBeUndefined();
  });

  test('a header without Signature is IncompleteSignature naming the missing part', () => {
    const claim = parseSigV4(
      new URL('https://sts.amazonaws.com/'),
      new Headers({ authorization: `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host` }),
    );
    expect(claim).toBeInstanceOf(StsServiceError);
    expect(claim).toMatchObject({ code: 'IncompleteSignature', status: 400 });
    expect((claim as StsServiceError).message).toContain("'Signature'");
  });

  test('a presigned URL is read from the query', () => {
    const url = new URL(
      `https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${encodeURIComponent(scope)}&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=${'a'.repeat(64)}`,
    );
    expect(parseSigV4(url, new Headers())).toMatchObject({
      presigned: true,
      expiresSeconds: 60,
      scope: { service: 'service' },
    });
  });
});

describe('the clock window', () => {
  const { url, headers } = signedGet('https://example.amazonaws.com/', '0'.repeat(64));
  const claim = claimOf(url, headers);
  const signedAt = Date.UTC(2015, 7, 30, 12, 36, 0);

  test('15 minutes either side is accepted', () => {
    expect(checkSigV4Clock(claim, signedAt + 15 * 60_000)).toBeUndefined();
    expect(checkSigV4Clock(claim, signedAt - 15 * 60_000)).toBeUndefined();
  });

  test('later than that is "Signature expired" with the times STS prints', () => {
    expect(checkSigV4Clock(claim, signedAt + 15 * 60_000 + 1000)?.message).toBe(
      'Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T125101Z - 15 min.)',
    );
  });

  test('earlier than that is "Signature not yet current"', () => {
    expect(checkSigV4Clock(claim, signedAt - 16 * 60_000)?.message).toMatch(/^Signature not yet current: /);
  });
});

describe('payload hash', () => {
  const { url, headers } = signedGet('https://example.amazonaws.com/', '0'.repeat(64));
  const claim = claimOf(url, headers);

  test('UNSIGNED-PAYLOAD and STREAMING markers are used as declared, without reading the body', () => {
    for (const marker of [
      'UNSIGNED-PAYLOAD',
      'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    ]) {
      const withMarker = new Headers({ 'x-amz-content-sha256': marker });
      expect(
        payloadHashFor(claim, withMarker, () => {
          throw new Error('body read');
        }),
      ).toBe(marker);
    }
  });

  test('a declared hash that does not match the body is refused', () => {
    const declared = new Headers({ 'x-amz-content-sha256': sha256Hex('original') });
    expect(payloadHashFor(claim, declared, () => 'tampered')).toMatchObject({
      code: 'XAmzContentSHA256Mismatch',
    });
  });
});
