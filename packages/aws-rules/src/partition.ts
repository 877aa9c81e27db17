/**
 * Regions and partitions, from AWS's own partition data (the `partition()` function of `@aws-sdk/core/client`,
 * which every SDK client uses to resolve endpoints, and which honours a custom table set for the SDK).
 */
import { parseArn, partition } from './aws-sdk-core.cjs';

/**
 * The one piece of AWS's partition table that `partition()` does not let us observe: the `regionRegex` of
 * the `aws` partition, which is also where `partition()` falls back for a name it does not know. Every other
 * partition is only ever answered for a name in its list or matching its own regex. Copied from
 * `@aws-sdk/core`'s partitions data (`partition.test.ts` checks the copy against the installed SDK).
 */
const AWS_REGION_REGEX = /^(?:us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/;
/** Answers already worked out: `partition()` walks the whole table and compiles each regex per call. */
const known = new Map<string, string | undefined>();
const MAX_KNOWN = 256;
/** Longest name remembered: real ones are under 20 characters. */
const MAX_KNOWN_LENGTH = 64;

/**
 * The partition (`aws`, `aws-cn`, `aws-us-gov`, `aws-eusc`, `aws-iso`…) of a region name, or `undefined`
 * when it is not a region of any partition (`mars-1`, `US-EAST-1`, an endpoint URL). A region is valid iff it
 * is one of a partition's listed regions (including `aws-global`, `aws-cn-global`…) or matches that
 * partition's `regionRegex`.
 */
export function partitionOfRegion(region: unknown): string | undefined {
  if (typeof region !== 'string' || region.length === 0) return undefined;
  if (known.has(region)) return known.get(region);
  const found = partition(region);
  // A listed region carries its description; the `aws` answer without one is either a match of the `aws`
  // regex or the fallback for an unknown name.
  const answer =
    found.name !== 'aws' || 'description' in found || AWS_REGION_REGEX.test(region) ? found.name : undefined;
  if (region.length <= MAX_KNOWN_LENGTH) {
    if (known.size >= MAX_KNOWN) known.clear();
    known.set(region, answer);
  }
  return answer;
}

/** What region names look like, for error messages. */
export const REGION_RULE = 'an AWS region name like "us-east-1"';

/** Whether `region` is a region of some AWS partition: see {@link partitionOfRegion}. */
export function isRegion(region: unknown): region is string {
  return partitionOfRegion(region) !== undefined;
}

/**
 * The partition field of an ARN (`arn:aws-cn:iam::…` → `aws-cn`), read with AWS's ARN parser; `undefined`
 * for a text that is not an ARN.
 */
export function partitionOfArn(arn: unknown): string | undefined {
  if (typeof arn !== 'string' || arn.length > MAX_ARN_LENGTH) return undefined;
  return parseArn(arn)?.partition;
}

/** The longest ARN STS takes as a parameter (`RoleArn`, `PolicyArns`, `SerialNumber`). */
export const MAX_ARN_LENGTH = 2048;

/**
 * Whether an ARN and an STS region are in different partitions, so STS in that region can never assume the
 * role (`arn:aws-cn:…` with `us-east-1`). False when either is not valid: that is a different error.
 */
export function partitionMismatch(arn: string, region: string): boolean {
  const ofArn = partitionOfArn(arn);
  const ofRegion = partitionOfRegion(region);
  return ofArn !== undefined && ofRegion !== undefined && ofArn !== ofRegion;
}
