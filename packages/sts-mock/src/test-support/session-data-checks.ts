import { randomBytes } from 'node:crypto';
import type { Tag } from '@aws-sdk/client-sts';
import { expect, test } from 'vitest';

/** A refused call as the suites compare it: the SDK's exception name, its message and the HTTP status. */
export interface Refusal {
  name: string;
  message: string;
  status: number | undefined;
}

/** The session data AssumeRole and GetFederationToken both take. */
export interface SessionData {
  Policy?: string;
  Tags?: Tag[];
}

/**
 * Registers the tests of the checks AssumeRole and GetFederationToken share on session data (one
 * implementation in the mock, session-policy.ts), for the action `refuse` calls; `lastErrorCode` reads the
 * wire code of the mock's last call.
 */
export function testSessionDataChecks(
  refuse: (input: SessionData) => Promise<Refusal>,
  lastErrorCode: () => string | undefined,
): void {
  test('tag keys that differ only in case are duplicates', async () => {
    const tags = [
      { Key: 'Team', Value: 'a' },
      { Key: 'team', Value: 'b' },
    ];
    expect(await refuse({ Tags: tags })).toEqual({
      name: 'ValidationError',
      message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      status: 400,
    });
  });

  test('a session policy that is not JSON is MalformedPolicyDocument', async () => {
    // The SDK turns the modeled wire code into its exception class name.
    expect(await refuse({ Policy: '{"Version":' })).toEqual({
      name: 'MalformedPolicyDocumentException',
      message: 'The policy is not in the valid JSON format.',
      status: 400,
    });
    expect(lastErrorCode()).toBe('MalformedPolicyDocument');
  });

  test('session data that packs past 100% is PackedPolicyTooLarge', async () => {
    // Random values do not compress, like real-world ids and hashes in tags.
    const noisy = (): string => randomBytes(150).toString('base64');
    const tags = Array.from({ length: 50 }, (_, i) => ({
      Key: `key-${i}-${noisy().slice(0, 40)}`,
      Value: noisy(),
    }));
    const result = await refuse({ Tags: tags });
    expect(result).toMatchObject({ name: 'PackedPolicyTooLargeException', status: 400 });
    expect(lastErrorCode()).toBe('PackedPolicyTooLarge');
    expect(result.message).toMatch(
      /^Packed policy consumes \d+% of allotted space, please use smaller policy\.$/,
    );
  });
}
