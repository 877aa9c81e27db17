/**
 * The table of `@rolechain/aws-rules/fixtures` as vitest cases, for any entry point that takes a role ARN, a
 * region or both: every valid row accepted (in a partition that fits), every invalid row refused.
 */
import {
  INVALID_REGIONS,
  INVALID_ROLE_ARNS,
  VALID_REGIONS,
  VALID_ROLE_ARNS,
} from '@rolechain/aws-rules/fixtures';
import { describe, expect, it } from 'vitest';

/** `true` when the entry point takes the pair, `false` when it refuses it (before any network call). */
export type Accepts = (roleArn: string, region: string) => boolean | Promise<boolean>;

export interface EntryPoint {
  readonly accepts: Accepts;
  /** It takes no role ARN (only a region): the ARN rows are not its to judge. */
  readonly regionOnly?: boolean;
  /** Its input comes from a file or the environment, read trimmed and one line at a time. */
  readonly readsTrimmed?: boolean;
}

const roleInPartition = (partition: string) => `arn:${partition}:iam::123456789012:role/reader`;
/** A region of the ARN's partition, so an ARN row is judged on the ARN alone. */
const regionFor = (arn: string) =>
  VALID_REGIONS.find(([, partition]) => partition === arn.split(':')[1])?.[0] ?? 'us-east-1';
/** Texts a file or an environment variable cannot carry as they are: the parser or the shell trims them. */
const unwritable = (value: string) => value !== value.trim() || value.includes('\n') || value === '';

export function describeRulesTable(entryPoints: Readonly<Record<string, EntryPoint>>): void {
  describe.each(Object.entries(entryPoints))('%s', (_name, { accepts, regionOnly, readsTrimmed }) => {
    const arnRows = regionOnly === true ? [] : VALID_ROLE_ARNS;
    const writable = (value: string) => readsTrimmed !== true || !unwritable(value);
    it.each(arnRows.map((arn) => [arn.slice(0, 90), arn]))('accepts the role ARN %s', async (_, arn) => {
      expect(await accepts(arn, regionFor(arn))).toBe(true);
    });
    it.each(
      (regionOnly === true ? [] : INVALID_ROLE_ARNS)
        .filter(writable)
        .map((arn) => [JSON.stringify(arn).slice(0, 90), arn]),
    )('refuses the role ARN %s', async (_, arn) => {
      expect(await accepts(arn, 'us-east-1')).toBe(false);
    });
    it.each(VALID_REGIONS.map(([region, partition]) => [region, partition]))(
      'accepts the region %s (%s)',
      async (region, partition) => {
        expect(await accepts(roleInPartition(partition), region)).toBe(true);
      },
    );
    it.each(INVALID_REGIONS.filter(writable).map((region) => [JSON.stringify(region), region]))(
      'refuses the region %s',
      async (_, region) => {
        expect(await accepts('arn:aws:iam::123456789012:role/reader', region)).toBe(false);
      },
    );
  });
}
