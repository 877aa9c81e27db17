import { OrganizationRegistry } from './organization';
import { OutboundFederationRegistry } from './outbound-federation';

/**
 * The mock's state for the actions beyond roles and users: organizations (AssumeRoot),
 * outbound identity federation (GetWebIdentityToken). One object, so the
 * request handler passes it to the actions without knowing its parts.
 */
export interface FederationState {
  readonly organizations: OrganizationRegistry;
  /** Accounts with outbound identity federation enabled (GetWebIdentityToken). */
  readonly outbound: OutboundFederationRegistry;
}

/** Empty state for a new mock. */
export function createFederationState(): FederationState {
  return { organizations: new OrganizationRegistry(), outbound: new OutboundFederationRegistry() };
}
