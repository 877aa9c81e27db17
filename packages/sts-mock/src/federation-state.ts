import { OrganizationRegistry } from './organization';

/**
 * The mock's state for the actions beyond roles and users: organizations (AssumeRoot). One object, so the
 * request handler passes it to the actions without knowing its parts.
 */
export interface FederationState {
  readonly organizations: OrganizationRegistry;
}

/** Empty state for a new mock. */
export function createFederationState(): FederationState {
  return { organizations: new OrganizationRegistry() };
}
