import { deflateRawSync } from 'node:zlib';
import { StsServiceError } from './errors';
import { listParam, ownParam, stringParam } from './query';
import type { QueryParams, QueryValue } from './query';
import type { SessionTag } from './store';
import { patterns, validationError } from './validation';
import type { ParamValidator } from './validation';

// The members that narrow a new session, shared by AssumeRole, AssumeRoleWithWebIdentity and
// GetFederationToken: the inline session policy, managed policy ARNs and session tags.

/** The `Policy` and `PolicyArns` members as sent. */
export interface SessionPolicies {
  readonly policy: string | undefined;
  readonly policyArns: readonly string[];
}

function field(value: QueryValue | undefined, name: string): string | undefined {
  if (value === undefined || typeof value === 'string' || Array.isArray(value)) return undefined;
  const member = ownParam(value as Readonly<Record<string, QueryValue>>, name);
  return typeof member === 'string' ? member : undefined;
}

/** Checks the `Policy` and `PolicyArns` member constraints, in that order. */
export function validatePolicyMembers(params: QueryParams, validator: ParamValidator): SessionPolicies {
  const policy = stringParam(params, 'Policy');
  const items = listParam(params, 'PolicyArns');
  validator.string('policy', policy, { min: 1, max: 2048, ...patterns.policy });
  validator.listLength('policyArns', items, 10, `[${items?.length ?? 0} policy ARNs]`);
  const policyArns: string[] = [];
  items?.forEach((item, index) => {
    const arn = field(item, 'arn');
    validator.string(`policyArns.${index + 1}.member.arn`, arn, { min: 20, max: 2048, ...patterns.arn });
    if (arn !== undefined) policyArns.push(arn);
  });
  return { policy, policyArns };
}

/** Checks the `Tags` member constraints; returns the tags as sent (duplicates included). */
export function validateTagMembers(params: QueryParams, validator: ParamValidator): readonly SessionTag[] {
  const items = listParam(params, 'Tags');
  validator.listLength('tags', items, 50, `[${items?.length ?? 0} tags]`);
  const tags: SessionTag[] = [];
  items?.forEach((item, index) => {
    const key = field(item, 'Key');
    const value = field(item, 'Value') ?? '';
    if (validator.required(`tags.${index + 1}.member.key`, key)) {
      validator.string(`tags.${index + 1}.member.key`, key, { min: 1, max: 128, ...patterns.tagKey });
    }
    validator.string(`tags.${index + 1}.member.value`, value, { max: 256, ...patterns.tagValue });
    if (key !== undefined) tags.push({ key, value });
  });
  return tags;
}

/** The tags by lower-cased key, or the ValidationError STS answers for keys that differ only in case. */
export function uniqueTags(tags: readonly SessionTag[]): Map<string, SessionTag> | StsServiceError {
  const byKey = new Map<string, SessionTag>();
  for (const tag of tags) {
    const lower = tag.key.toLowerCase();
    if (byKey.has(lower)) {
      return validationError('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    }
    byKey.set(lower, tag);
  }
  return byKey;
}

/** The MalformedPolicyDocument error for an inline session policy that is not a JSON policy. */
export function checkSessionPolicy(policy: string | undefined): StsServiceError | undefined {
  if (policy === undefined) return undefined;
  let document: unknown;
  try {
    document = JSON.parse(policy);
  } catch {
    return new StsServiceError('MalformedPolicyDocument', 400, 'The policy is not in the valid JSON format.');
  }
  if (
    typeof document !== 'object' ||
    document === null ||
    Array.isArray(document) ||
    !Object.hasOwn(document, 'Statement')
  ) {
    return new StsServiceError('MalformedPolicyDocument', 400, 'Syntax errors in policy.');
  }
  return undefined;
}

/** Bytes of packed (compressed) session data STS allows; the percentage it reports is relative to this. */
const packedBudgetBytes = 640;

/**
 * The `PackedPolicySize` percentage of a (checked) session policy, managed policy ARNs and session tags,
 * compressed; `undefined` without any. Throws `PackedPolicyTooLarge` past 100%. An approximation of STS's
 * packing (its format is not public): it grows with the same inputs.
 */
export function packedPolicySize(
  policies: SessionPolicies,
  tags: ReadonlyMap<string, SessionTag>,
): number | undefined {
  const { policy, policyArns } = policies;
  if (policy === undefined && policyArns.length === 0 && tags.size === 0) return undefined;
  let packed = policy === undefined ? '' : JSON.stringify(JSON.parse(policy));
  for (const arn of policyArns) packed += arn;
  for (const tag of tags.values()) packed += `${tag.key}=${tag.value};`;
  const percent = Math.max(1, Math.ceil((deflateRawSync(packed).length * 100) / packedBudgetBytes));
  if (percent > 100) {
    throw new StsServiceError(
      'PackedPolicyTooLarge',
      400,
      `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`,
    );
  }
  return percent;
}
