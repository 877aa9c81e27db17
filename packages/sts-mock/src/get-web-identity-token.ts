import { randomUUID } from 'node:crypto';
import type { ActionHandler } from './action-context';
import { StsServiceError, messages, notAuthorized } from './errors';
import { jwtAlgorithms, signJwt } from './jwt-signer';
import type { JwtAlgorithm } from './jwt-signer';
import { listParam, stringParam } from './query';
import { expiresAfter, isoSeconds } from './session-credentials';
import { uniqueTags, validateTagMembers } from './session-policy';
import type { Principal, SessionTag } from './store';
import { ParamValidator, validationError } from './validation';

/** The namespace of the AWS-specific claims, as AWS documents the token. */
export const awsClaimsNamespace = 'https://sts.amazonaws.com/';

const subjectModes = ['AWSIdentity', 'OriginIdentity'];

function isAlgorithm(value: string | undefined): value is JwtAlgorithm {
  return jwtAlgorithms.includes(value as JwtAlgorithm);
}

function enumFailure(field: string, value: string, allowed: readonly string[]): StsServiceError {
  return validationError(
    `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
  );
}

/** The ARN a token names for a principal: a role session's role, otherwise the principal itself. */
function principalId(principal: Principal): string {
  return principal.kind === 'assumed-role' ? principal.role.arn : principal.arn;
}

function tagClaims(tags: ReadonlyMap<string, SessionTag>): Record<string, string> | undefined {
  if (tags.size === 0) return undefined;
  const out = Object.create(null) as Record<string, string>;
  for (const tag of tags.values()) out[tag.key] = tag.value;
  return out;
}

/**
 * `GetWebIdentityToken`: a JWT for the caller's identity, signed with the mock's RS256 or ES384 key (see
 * `sts.jwks()`), issued by the caller account's outbound federation issuer. Claims: `iss`, `aud`, `sub`
 * (the principal's ARN, a role session's role), `iat`, `exp`, `jti`, and under `https://sts.amazonaws.com/`
 * `aws_account`, `source_region`, `principal_id`, `org_id`, `principal_tags` and `request_tags` when known.
 */
export const getWebIdentityToken: ActionHandler = ({ now, params, caller, federation, region }) => {
  if (caller === undefined)
    throw new StsServiceError('MissingAuthenticationToken', 403, messages.missingAuth);
  const audience = listParam(params, 'Audience');
  const algorithm = stringParam(params, 'SigningAlgorithm');
  const scope = stringParam(params, 'Scope');
  const subjectMode = stringParam(params, 'SubjectMode');
  const validator = new ParamValidator();
  const audiences: string[] = [];
  if (validator.required('audience', audience)) {
    validator.listMinimum('audience', audience, 1, '[]');
    validator.listLength('audience', audience, 10, `[${audience?.length ?? 0} audiences]`);
    audience?.forEach((item, index) => {
      const value = typeof item === 'string' ? item : undefined;
      validator.string(`audience.${index + 1}.member`, value, { min: 1, max: 1000 });
      if (value !== undefined) audiences.push(value);
    });
  }
  const durationSeconds = validator.integer(
    'durationSeconds',
    stringParam(params, 'DurationSeconds'),
    60,
    3600,
  );
  validator.required('signingAlgorithm', algorithm);
  const tagList = validateTagMembers(params, validator);
  const invalid = validator.error();
  if (invalid !== undefined) throw invalid;
  if (!isAlgorithm(algorithm)) throw enumFailure('signingAlgorithm', algorithm ?? '', jwtAlgorithms);
  if (subjectMode !== undefined && !subjectModes.includes(subjectMode)) {
    throw enumFailure('subjectMode', subjectMode, subjectModes);
  }
  if (subjectMode === 'OriginIdentity') {
    throw validationError(
      'SubjectMode OriginIdentity requires the calling session to carry an aws:OriginIdentity/Subject key, and this session has no trusted identity propagation context.',
    );
  }
  if (scope !== undefined) {
    throw validationError('Scope can be specified only when SubjectMode is OriginIdentity.');
  }
  const requestTags = uniqueTags(tagList);
  if (requestTags instanceof StsServiceError) throw requestTags;

  const principal = caller.principal;
  if (principal.kind === 'root') throw notAuthorized(principal.arn, 'sts:GetWebIdentityToken');
  const outbound = federation.outbound.get(principal.accountId);
  if (outbound === undefined) {
    throw new StsServiceError(
      'OutboundWebIdentityFederationDisabledException',
      403,
      'The outbound web identity federation feature is not enabled for this account. To use this feature, you must first enable it through the Amazon Web Services Management Console or API.',
    );
  }
  const expiration = expiresAfter(now, durationSeconds ?? 300);
  if (caller.expiration !== undefined && expiration.getTime() > caller.expiration.getTime()) {
    throw new StsServiceError(
      'SessionDurationEscalationException',
      403,
      'The requested token duration would extend the session beyond its original expiration time.',
    );
  }
  const issuedAt = Math.floor(now.getTime() / 1000);
  const principalTags = principal.kind === 'assumed-role' ? principal.role.tags : principal.tags;
  const awsClaims = {
    aws_account: principal.accountId,
    source_region: region,
    principal_id: principalId(principal),
    org_id: federation.organizations.of(principal.accountId)?.id,
    principal_tags: tagClaims(principalTags),
    request_tags: tagClaims(requestTags),
  };
  const token = signJwt(algorithm, {
    iss: outbound.issuerUrl,
    aud: audiences.length === 1 ? audiences[0] : audiences,
    sub: principalId(principal),
    iat: issuedAt,
    exp: expiration.getTime() / 1000,
    jti: randomUUID(),
    [awsClaimsNamespace]: awsClaims,
  });
  return { WebIdentityToken: token, Expiration: isoSeconds(expiration) };
};
