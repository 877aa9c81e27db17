import { createHash } from 'node:crypto';
import type { ActionHandler } from './action-context';
import { StsServiceError } from './errors';
import { stringParam } from './query';
import { findRole, issueRoleSession, roleArnPattern, tagContext } from './role-session';
import type { RoleSessionRequest } from './role-session';
import { samlAttribute, signInUrl, verifySamlAssertion } from './saml-assertion';
import type { SamlClaims } from './saml-assertion';
import { isoSeconds, minimumTokenSize } from './session-credentials';
import { checkSessionPolicy, uniqueTags, validatePolicyMembers } from './session-policy';
import type { SessionTag } from './store';
import { evaluateTrust } from './trust-policy';
import { ParamValidator, patterns, validationError } from './validation';

const notAuthorized = 'Not authorized to perform sts:AssumeRoleWithSAML';
const samlProviderArnPattern = /^arn:(?:aws|aws-cn|aws-us-gov):iam::(\d{12}):saml-provider\/[\w.-]{1,128}$/;
const sessionNamePattern = /^[\w+=,.@-]{2,64}$/;
const formatPrefix = 'urn:oasis:names:tc:SAML:2.0:nameid-format:';

function invalidToken(message: string): StsServiceError {
  return new StsServiceError('InvalidIdentityToken', 400, message);
}

/** The audiences and recipients STS accepts: the partition's sign-in URL, its regional forms, and `urn:amazon:webservices`. */
function isSignInEndpoint(value: string, partition: string, allowUrn: boolean): boolean {
  if (allowUrn && value === 'urn:amazon:webservices') return true;
  const global = signInUrl(partition);
  if (value === global) return true;
  const host = new URL(global).host;
  const prefix = 'https://';
  if (!value.startsWith(prefix) || !value.endsWith(`.${host}/saml`)) return false;
  return /^[a-z]{2,}(?:-[a-z]+)+-\d$/.test(value.slice(prefix.length, -`.${host}/saml`.length));
}

function single(claims: SamlClaims, name: string): string | undefined {
  const values = claims.attributes.get(name);
  return values?.length === 1 ? values[0] : undefined;
}

/**
 * `AssumeRoleWithSAML` (unsigned): a SAML response minted by `sts.mintSamlAssertion()` for a registered
 * provider of the role's account, naming the role/provider pair in its Role attribute, within its validity,
 * for the AWS sign-in endpoint, and allowed by the role's trust policy for the provider.
 */
export const assumeRoleWithSaml: ActionHandler = ({ store, now, params, federation }) => {
  const roleArn = stringParam(params, 'RoleArn');
  const principalArn = stringParam(params, 'PrincipalArn');
  const assertion = stringParam(params, 'SAMLAssertion');
  const validator = new ParamValidator();
  if (validator.required('roleArn', roleArn)) {
    validator.string('roleArn', roleArn, { min: 20, max: 2048, ...patterns.arn });
  }
  if (validator.required('principalArn', principalArn)) {
    validator.string('principalArn', principalArn, { min: 20, max: 2048, ...patterns.arn });
  }
  if (validator.required('sAMLAssertion', assertion)) {
    validator.string('sAMLAssertion', assertion, { min: 4, max: 100000, secret: true });
  }
  const policies = validatePolicyMembers(params, validator);
  const durationSeconds = validator.integer(
    'durationSeconds',
    stringParam(params, 'DurationSeconds'),
    900,
    43200,
  );
  const minimumBytes = minimumTokenSize(params, validator);
  const invalid = validator.error();
  if (invalid !== undefined) throw invalid;
  if (roleArn === undefined || principalArn === undefined || assertion === undefined) {
    throw validationError('Request ARN is invalid');
  }
  const providerAccount = samlProviderArnPattern.exec(principalArn)?.[1];
  if (!roleArnPattern.test(roleArn) || providerAccount === undefined) {
    throw validationError('Request ARN is invalid');
  }
  const policyError = checkSessionPolicy(policies.policy);
  if (policyError !== undefined) throw policyError;

  const role = findRole(store, roleArn);
  const provider = federation.saml.get(principalArn);
  if (role === undefined) throw new StsServiceError('AccessDenied', 403, notAuthorized);
  if (provider === undefined || provider.accountId !== role.accountId) {
    throw invalidToken("Specified provider doesn't exist");
  }
  const verified = verifySamlAssertion(assertion);
  if (!verified.ok) {
    throw invalidToken(
      verified.reason === 'signature'
        ? 'Response signature invalid'
        : `Invalid SAML response: ${verified.detail}`,
    );
  }
  const claims = verified.claims;
  if (claims.issuer !== provider.issuer) throw invalidToken('Issuer not present in specified provider');
  if (claims.notBefore !== undefined && claims.notBefore.getTime() > now.getTime()) {
    throw invalidToken(`The SAML assertion is not valid before ${isoSeconds(claims.notBefore)}`);
  }
  if (claims.notOnOrAfter === undefined) throw invalidToken('The SAML assertion has no NotOnOrAfter');
  if (claims.notOnOrAfter.getTime() <= now.getTime()) {
    throw new StsServiceError(
      'ExpiredTokenException',
      400,
      `The SAML assertion expired at ${isoSeconds(claims.notOnOrAfter)} (now ${isoSeconds(now)})`,
    );
  }
  const partition = federation.partition;
  if (!claims.audiences.some((audience) => isSignInEndpoint(audience, partition, true))) {
    throw invalidToken(`The SAML assertion's Audience is not ${signInUrl(partition)}`);
  }
  const recipient = claims.recipient;
  if (recipient === undefined || !isSignInEndpoint(recipient, partition, false)) {
    throw invalidToken(`The SAML assertion's Recipient is not ${signInUrl(partition)}`);
  }
  const pairs = claims.attributes.get(samlAttribute.role) ?? [];
  const named = pairs.some((value) => {
    const parts = value.split(',').map((part) => part.trim());
    return parts.length === 2 && parts.includes(roleArn) && parts.includes(principalArn);
  });
  if (!named) throw new StsServiceError('AccessDenied', 403, notAuthorized);
  const sessionName = single(claims, samlAttribute.roleSessionName);
  if (sessionName === undefined || !sessionNamePattern.test(sessionName)) {
    throw invalidToken(
      'The SAML assertion needs one RoleSessionName attribute of 2 to 64 characters of [\\w+=,.@-]',
    );
  }
  const sourceIdentity = single(claims, samlAttribute.sourceIdentity);
  if (
    claims.attributes.has(samlAttribute.sourceIdentity) &&
    (sourceIdentity === undefined || !sessionNamePattern.test(sourceIdentity))
  ) {
    throw invalidToken(
      'The SAML assertion needs one SourceIdentity attribute of 2 to 64 characters of [\\w+=,.@-]',
    );
  }
  const tagList: SessionTag[] = [];
  for (const [name, values] of claims.attributes) {
    if (!name.startsWith(samlAttribute.principalTag)) continue;
    tagList.push({ key: name.slice(samlAttribute.principalTag.length), value: values[0] ?? '' });
  }
  if (tagList.length > 50) throw invalidToken('The SAML assertion has more than 50 PrincipalTag attributes');
  const tags = uniqueTags(tagList);
  if (tags instanceof StsServiceError) throw tags;
  const transitiveTagKeys = new Set<string>();
  for (const key of claims.attributes.get(samlAttribute.transitiveTagKeys) ?? []) {
    if (!tags.has(key.toLowerCase())) {
      throw validationError(
        `The transitive tag key '${key}' must also be passed as a PrincipalTag attribute of the SAML assertion.`,
      );
    }
    transitiveTagKeys.add(key.toLowerCase());
  }
  const sessionDurationText = single(claims, samlAttribute.sessionDuration);
  const sessionDuration = sessionDurationText === undefined ? undefined : Number(sessionDurationText);
  if (
    claims.attributes.has(samlAttribute.sessionDuration) &&
    (sessionDuration === undefined ||
      !Number.isInteger(sessionDuration) ||
      sessionDuration < 900 ||
      sessionDuration > 43200)
  ) {
    throw invalidToken('The SAML assertion needs one SessionDuration attribute from 900 to 43200 seconds');
  }

  const nameQualifier = createHash('sha1')
    .update(`${claims.issuer}${role.accountId}/${provider.name}`)
    .digest('base64');
  const subjectType =
    claims.subjectFormat?.startsWith(formatPrefix) === true
      ? claims.subjectFormat.slice(formatPrefix.length)
      : claims.subjectFormat;
  const principal = { type: 'Federated', provider: provider.arn } as const;
  let context: Record<string, string | readonly string[] | undefined> | undefined;
  const contextOnce = (): Record<string, string | readonly string[] | undefined> =>
    (context ??= {
      ...tagContext(tags, new Map()),
      'SAML:aud': recipient,
      'SAML:iss': claims.issuer,
      'SAML:sub': claims.subject,
      'SAML:sub_type': subjectType,
      'SAML:namequalifier': nameQualifier,
      'SAML:doc': `${role.accountId}/${provider.name}`,
      'aws:FederatedProvider': provider.arn,
      'sts:RoleSessionName': sessionName,
      'sts:SourceIdentity': sourceIdentity,
      'aws:CurrentTime': now.toISOString(),
      'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    });
  const actions = ['sts:AssumeRoleWithSAML'];
  if (tags.size > 0) actions.push('sts:TagSession');
  if (sourceIdentity !== undefined) actions.push('sts:SetSourceIdentity');
  for (const action of actions) {
    if (evaluateTrust(role.trustPolicy, action, principal, contextOnce).effect === 'Deny') {
      throw new StsServiceError('AccessDenied', 403, notAuthorized);
    }
  }

  const requested = durationSeconds ?? sessionDuration ?? 3600;
  const request: RoleSessionRequest = {
    roleArn,
    sessionName,
    durationSeconds: requested,
    policy: policies.policy,
    policyArns: policies.policyArns,
    tags,
    transitiveTagKeys,
    sourceIdentity,
  };
  const issued = issueRoleSession(store, now, role, request, {
    issuedTo: provider.arn,
    sourceIdentity,
    tags,
    transitiveTagKeys,
    mfaAuthenticated: false,
    minimumTokenBytes: minimumBytes,
  });
  return {
    Credentials: issued.credentials,
    AssumedRoleUser: issued.user,
    PackedPolicySize: issued.packedPolicySize,
    Subject: claims.subject,
    SubjectType: subjectType,
    Issuer: claims.issuer,
    Audience: recipient,
    NameQualifier: nameQualifier,
    SourceIdentity: sourceIdentity,
    SessionTokenUtilization: issued.packedPolicySize,
    SessionTokenSize: issued.sessionTokenSize,
  };
};
