// The shared table of role ARNs and regions (@rolechain/aws-rules/fixtures): the provider accepts and refuses
// exactly what every other rolechain package does, before any network call.
import {
  INVALID_REGIONS,
  INVALID_ROLE_ARNS,
  PARTITION_REGIONS,
  VALID_REGIONS,
  VALID_ROLE_ARNS,
} from '@rolechain/aws-rules/fixtures';
import { describe, expect, it } from 'vitest';
import { RoleChainConfigError } from './errors';
import type { RoleChainOptions } from './options';
import { validateOptions } from './validate-options';

function refusal(options: unknown): RoleChainConfigError {
  try {
    validateOptions(options as RoleChainOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(RoleChainConfigError);
    return error as RoleChainConfigError;
  }
  throw new Error('the options were accepted');
}

const regionOf = new Map(PARTITION_REGIONS);

function regionForArn(roleArn: string): string {
  const region = regionOf.get(roleArn.split(':')[1] ?? '');
  if (region === undefined) throw new Error(`no region for ${roleArn}`);
  return region;
}

describe('validateOptions over the shared table', () => {
  it.each(VALID_ROLE_ARNS.map((arn) => [arn]))('accepts the role ARN %s', (roleArn) => {
    const region = regionForArn(roleArn);
    expect(validateOptions({ region, roles: [{ roleArn }] }).hops[0]?.roleArn).toBe(roleArn);
  });

  it.each(INVALID_ROLE_ARNS.map((arn) => [arn]))('refuses the role ARN %j', (roleArn) => {
    expect(refusal({ roles: [{ roleArn }] })).toMatchObject({ hop: 1, field: 'roles[0].roleArn' });
  });

  it.each(VALID_REGIONS)('accepts the region %s for a role in %s', (region, partition) => {
    const roleArn = `arn:${partition}:iam::123456789012:role/reader`;
    expect(validateOptions({ region, roles: [{ roleArn, region }] }).hops[0]?.region).toBe(region);
  });

  it.each(INVALID_REGIONS.map((region) => [region]))('refuses the region %j', (region) => {
    const roleArn = 'arn:aws:iam::123456789012:role/reader';
    expect(refusal({ region, roles: [{ roleArn }] }).field).toBe('region');
    expect(refusal({ roles: [{ roleArn, region }] }).field).toBe('roles[0].region');
  });

  it('refuses mars-1 with a message naming the field and the value', () => {
    const error = refusal({ region: 'mars-1', roles: [{ roleArn: 'arn:aws:iam::123456789012:role/r' }] });
    expect(error.message).toBe('region: must be an AWS region name like "us-east-1", got "mars-1"');
  });

  it('refuses a role whose partition is not the STS region’s, European Sovereign Cloud included', () => {
    expect(
      refusal({ region: 'eusc-de-east-1', roles: [{ roleArn: 'arn:aws:iam::123456789012:role/r' }] }).message,
    ).toBe('hop 1: roles[0].roleArn: is in partition aws but the STS region eusc-de-east-1 is in aws-eusc');
  });
});
