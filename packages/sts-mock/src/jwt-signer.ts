// The keys that sign the JWTs GetWebIdentityToken issues (RS256 and ES384), and their public JWK Set.
import { createPublicKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';

/** The signing algorithms GetWebIdentityToken takes (`SigningAlgorithm`). */
export type JwtAlgorithm = 'RS256' | 'ES384';

/** The algorithms, in the order the client-sts model lists them. */
export const jwtAlgorithms: readonly JwtAlgorithm[] = ['RS256', 'ES384'];

interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly jwk: JsonWebKey;
}

// One key pair per algorithm and process, made on first use: RSA key generation takes a noticeable fraction of
// a second, and the keys stand for STS's, which do not belong to any one mock.
const keys = new Map<JwtAlgorithm, SigningKey>();

function keyFor(algorithm: JwtAlgorithm): SigningKey {
  let key = keys.get(algorithm);
  if (key === undefined) {
    const { privateKey } =
      algorithm === 'RS256'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const kid = randomUUID();
    const jwk = { ...createPublicKey(privateKey).export({ format: 'jwk' }), kid, alg: algorithm, use: 'sig' };
    key = { kid, privateKey, jwk };
    keys.set(algorithm, key);
  }
  return key;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A compact JWS of `payload` signed with the process's key for `algorithm` (`kid` in the header). */
export function signJwt(algorithm: JwtAlgorithm, payload: Readonly<Record<string, unknown>>): string {
  const key = keyFor(algorithm);
  const signingInput = `${base64url({ alg: algorithm, typ: 'JWT', kid: key.kid })}.${base64url(payload)}`;
  const signature =
    algorithm === 'RS256'
      ? sign('sha256', Buffer.from(signingInput), key.privateKey)
      : sign('sha384', Buffer.from(signingInput), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** The public keys of both algorithms as a JWK Set (`kid`, `alg`, `use: 'sig'` on each). */
export function signingJwks(): { keys: JsonWebKey[] } {
  return { keys: jwtAlgorithms.map((algorithm) => ({ ...keyFor(algorithm).jwk })) };
}
