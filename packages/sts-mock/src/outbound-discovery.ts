import { http, HttpResponse } from 'msw';
import type { HttpHandler } from 'msw';
import { jwtAlgorithms, signingJwks } from './jwt-signer';
import type { OutboundFederationRegistry } from './outbound-federation';

const wellKnown =
  /^https:\/\/[0-9a-f-]{36}\.tokens\.sts\.global\.api\.aws\/\.well-known\/(?:jwks\.json|openid-configuration)$/;

/**
 * OIDC discovery for the issuers of enabled accounts, as a verifier of GetWebIdentityToken's JWTs reads it:
 * `<issuer>/.well-known/openid-configuration` and its `jwks_uri`, `<issuer>/.well-known/jwks.json`. An issuer
 * no account has gets 404.
 */
export function discoveryHandlers(registry: OutboundFederationRegistry): HttpHandler[] {
  return [
    http.get(wellKnown, ({ request }) => {
      const url = new URL(request.url);
      const issuer = `https://${url.host}`;
      if (!registry.hasIssuer(issuer)) return new HttpResponse(null, { status: 404 });
      if (url.pathname.endsWith('/jwks.json')) return HttpResponse.json(signingJwks());
      return HttpResponse.json({
        issuer,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: jwtAlgorithms,
      });
    }),
  ];
}
