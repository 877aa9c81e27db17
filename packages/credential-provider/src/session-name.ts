import { randomUUID } from './aws-sdk.cjs';

/**
 * A short id, random once per provider, so its sessions are recognisable in CloudTrail for its whole life: the
 * first 8 hex digits of a version 4 UUID, all 32 bits random.
 */
export function shortStableId(): string {
  return randomUUID().slice(0, 8);
}

/**
 * Session names for every hop, fixed for the provider's life: the hop's own name, else the source identity
 * in force at that hop (set there or on an earlier hop — it persists through a chain), else
 * `rolechain-<id>`. Given names are validated beforehand; derived ones are valid by construction.
 */
export function sessionNames(
  hops: readonly { roleSessionName?: string | undefined; sourceIdentity?: string | undefined }[],
  id: string,
): string[] {
  let sourceIdentity: string | undefined;
  return hops.map((hop) => {
    sourceIdentity = hop.sourceIdentity ?? sourceIdentity;
    return hop.roleSessionName ?? sourceIdentity ?? `rolechain-${id}`;
  });
}
