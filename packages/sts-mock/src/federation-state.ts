import { OrganizationRegistry } from './organization';
import { OutboundFederationRegistry } from './outbound-federation';
import type { Partition } from './principals';
import { SamlProviderRegistry } from './saml-providers';
import { TradeInTokenRegistry } from './trade-in-tokens';

/**
 * The mock's state for the actions beyond roles and users: SAML providers
 * (AssumeRoleWithSAML), organizations (AssumeRoot), outbound identity federation (GetWebIdentityToken), trade-in tokens (GetDelegatedAccessToken). One object, so the
 * request handler passes it to the actions without knowing its parts.
 */
export interface FederationState {
  readonly organizations: OrganizationRegistry;
  /** Accounts with outbound identity federation enabled (GetWebIdentityToken). */
  readonly outbound: OutboundFederationRegistry;
  /** IAM SAML providers (AssumeRoleWithSAML). */
  readonly saml: SamlProviderRegistry;
  /** Trade-in tokens (GetDelegatedAccessToken). */
  readonly tradeIn: TradeInTokenRegistry;
  /** The partition of the ARNs the mock issues. */
  readonly partition: Partition;
}

/** Empty state for a new mock. */
export function createFederationState(partition: Partition): FederationState {
  return {
    organizations: new OrganizationRegistry(),
    outbound: new OutboundFederationRegistry(),
    saml: new SamlProviderRegistry(partition),
    tradeIn: new TradeInTokenRegistry(),
    partition,
  };
}
