import { describe, expect, it } from 'vitest';
import { INVALID_REGIONS, PARTITION_REGIONS, VALID_REGIONS } from './fixtures';
import { isRegion, partitionMismatch, partitionOfArn, partitionOfRegion } from './partition';
import { awsPartitionOf, installedPartitions } from './test-support/aws-partitions';

describe('partitionOfRegion', () => {
  it.each(VALID_REGIONS)('%s is a region of %s', (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
    expect(isRegion(region)).toBe(true);
  });

  it.each(INVALID_REGIONS.map((region) => [region]))('%j is not a region', (region) => {
    expect(partitionOfRegion(region)).toBeUndefined();
    expect(isRegion(region)).toBe(false);
  });

  it('puts the European Sovereign Cloud in aws-eusc, not aws', () => {
    expect(partitionOfRegion('eusc-de-east-1')).toBe('aws-eusc');
  });

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 1, {}, ['us-east-1'], Symbol('us-east-1')]) {
      expect(partitionOfRegion(value)).toBeUndefined();
    }
  });

  it('knows every partition and every listed region of the installed SDK', () => {
    const partitions = installedPartitions();
    expect(partitions.map((partition) => partition.id).sort()).toEqual(
      PARTITION_REGIONS.map(([partition]) => partition).sort(),
    );
    for (const partition of partitions) {
      for (const region of Object.keys(partition.regions)) {
        expect(partitionOfRegion(region), region).toBe(partition.id);
      }
    }
  });

  it('agrees with the rule of AWS data on every table entry', () => {
    for (const [region] of VALID_REGIONS) expect(partitionOfRegion(region)).toBe(awsPartitionOf(region));
    for (const region of INVALID_REGIONS) expect(awsPartitionOf(region)).toBeUndefined();
  });
});

describe('partitionOfArn', () => {
  it('reads the partition of any ARN with AWS parser', () => {
    expect(partitionOfArn('arn:aws-cn:iam::111111111111:role/x')).toBe('aws-cn');
    expect(partitionOfArn('arn:aws-eusc:sts::111111111111:assumed-role/x/y')).toBe('aws-eusc');
  });

  it('answers undefined for what is not an ARN', () => {
    for (const value of ['nonsense', 'arn:aws', 'arn::iam::1:role/x', '', 42, undefined]) {
      expect(partitionOfArn(value)).toBeUndefined();
    }
  });
});

describe('partitionMismatch', () => {
  it('detects an ARN and a region of different partitions', () => {
    expect(partitionMismatch('arn:aws-cn:iam::111111111111:role/x', 'us-east-1')).toBe(true);
    expect(partitionMismatch('arn:aws:iam::111111111111:role/x', 'eusc-de-east-1')).toBe(true);
    expect(partitionMismatch('arn:aws-eusc:iam::111111111111:role/x', 'eusc-de-east-1')).toBe(false);
    expect(partitionMismatch('arn:aws:iam::111111111111:role/x', 'aws-global')).toBe(false);
  });

  it('leaves invalid ARNs and regions to their own checks', () => {
    expect(partitionMismatch('arn:aws-cn:iam::111111111111:role/x', 'mars-1')).toBe(false);
    expect(partitionMismatch('nonsense', 'us-east-1')).toBe(false);
  });
});
