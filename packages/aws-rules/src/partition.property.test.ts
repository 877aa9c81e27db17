import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRegion, partitionOfArn, partitionOfRegion } from './partition';
import { awsPartitionOf } from './test-support/aws-partitions';

/** Region-shaped text: the parts real names are made of, joined by dashes, and some noise. */
const regionish = fc.oneof(
  fc
    .array(
      fc.oneof(
        fc.constantFrom('us', 'eu', 'ap', 'cn', 'eusc', 'de', 'fr', 'gov', 'iso', 'isob', 'isoe', 'isof'),
        fc.constantFrom('east', 'west', 'south', 'central', 'global', 'aws', 'mars', 'x_1', 'EAST'),
        fc.stringMatching(/^[a-z0-9_]{1,6}$/),
        fc.nat(99).map(String),
      ),
      { minLength: 1, maxLength: 5 },
    )
    .map((parts) => parts.join('-')),
  fc.string({ maxLength: 30 }),
);

describe('partitionOfRegion (property)', () => {
  it('answers exactly what the rule of AWS data answers', () => {
    fc.assert(
      fc.property(regionish, (region) => {
        expect(partitionOfRegion(region)).toBe(awsPartitionOf(region));
      }),
    );
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(typeof isRegion(value)).toBe('boolean');
        expect(['string', 'undefined']).toContain(typeof partitionOfArn(value));
      }),
    );
  });

  it('stays fast on long input', () => {
    expect(partitionOfRegion(`us-${'a'.repeat(100_000)}`)).toBeUndefined();
    expect(partitionOfRegion(`us-${'a'.repeat(100_000)}-1`)).toBe('aws');
    expect(partitionOfArn(`arn:aws:${':'.repeat(100_000)}`)).toBeUndefined();
  });
});
