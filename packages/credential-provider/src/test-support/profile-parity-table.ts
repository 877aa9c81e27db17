/**
 * Real-world shared config layouts, each with what `fromRoleChainProfile` must do compared with the SDK's
 * `fromIni` on the same files: sign as the same identity, fail as `fromIni` does with an error at least as
 * specific, or differ for a documented reason (the README's "Differences from fromIni" lists exactly the
 * rows of kind `difference`). Rows are data over a {@link ParityWorld} so that other suites (the CLI's
 * `lint`) can check themselves against the same rows.
 */

/** Long-term keys of an IAM user. */
export interface ParityKeys {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The identities, roles and files the rows refer to; the suite that runs them builds it. */
export interface ParityWorld {
  /** An IAM user with an MFA device. */
  alice: ParityKeys;
  mfaSerial: string;
  /** Role trusting alice and every session of the roles below. */
  ops: string;
  /** Role trusting ops sessions only. */
  deploy: string;
  /** Role trusting alice with external id {@link ParityWorld.externalId}. */
  guarded: string;
  externalId: string;
  /** Role trusting alice only with MFA. */
  mfaGuarded: string;
  /** Role a Kubernetes service account assumes with the token of {@link ParityWorld.tokenFile}. */
  pod: string;
  tokenFile: string;
  /** A `credential_process` command that prints alice's keys (aws-vault, granted style). */
  processOk: string;
  /** A `credential_process` command that prints a role session of ops, with its `SessionToken` and `Expiration`. */
  processSession: string;
  /** A `credential_process` command that fails with "corp-login: session expired". */
  processFailing: string;
  /** An IAM Identity Center start URL whose portal gives a role session of ops for account 222222222222. */
  ssoStartUrl: string;
  /** A HOME whose `.aws/sso/cache` holds a valid token for {@link ParityWorld.ssoStartUrl}. */
  ssoHome: string;
  /** EKS Pod Identity endpoint and its token file. */
  podIdentityUrl: string;
  podIdentityTokenFile: string;
}

/** What `fromRoleChainProfile` does compared with `fromIni`. */
export type ParityExpectation =
  | { kind: 'same-identity' }
  | { kind: 'same-failure'; /** Text our error must contain. */ ours: string }
  | {
      kind: 'difference';
      /** Why we differ, as the README says it. */
      reason: string;
      /** What `fromIni` does. */
      sdk: 'resolves' | 'fails';
      /** Text our error must contain (we fail), or `undefined` when we resolve. */
      ours: string | undefined;
    };

export interface ParityRow {
  name: string;
  /** The profile both providers start from. */
  profile: string;
  config: (world: ParityWorld) => string;
  credentials?: (world: ParityWorld) => string;
  env?: (world: ParityWorld) => Readonly<Record<string, string>>;
  expect: ParityExpectation;
}

const keysOf = (world: ParityWorld): string =>
  `aws_access_key_id = ${world.alice.accessKeyId}\naws_secret_access_key = ${world.alice.secretAccessKey}\n`;

const ssoProfile = (world: ParityWorld): string =>
  `[profile sso]\nsso_start_url = ${world.ssoStartUrl}\nsso_region = eu-west-1\nsso_account_id = 222222222222\nsso_role_name = ops\n`;

export const profileParityTable: readonly ParityRow[] = [
  {
    name: 'AWS CLI docs: role_arn with source_profile (keys in the credentials file)',
    profile: 'ops',
    config: (w) => `[profile ops]\nrole_arn = ${w.ops}\nsource_profile = user1\n`,
    credentials: (w) => `[user1]\n${keysOf(w)}`,
    expect: { kind: 'same-identity' },
  },
  {
    name: 'AWS CLI docs: two roles chained through source_profile',
    profile: 'deploy',
    config: (w) =>
      `[profile ops]\nrole_arn = ${w.ops}\nsource_profile = user1\n\n[profile deploy]\nrole_arn = ${w.deploy}\nsource_profile = ops\nrole_session_name = deployer\n`,
    credentials: (w) => `[user1]\n${keysOf(w)}`,
    expect: { kind: 'same-identity' },
  },
  {
    name: 'AWS CLI docs: credential_source = Environment',
    profile: 'ops',
    config: (w) => `[profile ops]\nrole_arn = ${w.ops}\ncredential_source = Environment\n`,
    env: (w) => ({ AWS_ACCESS_KEY_ID: w.alice.accessKeyId, AWS_SECRET_ACCESS_KEY: w.alice.secretAccessKey }),
    expect: { kind: 'same-identity' },
  },
  {
    name: 'AWS CLI docs: external_id',
    profile: 'guarded',
    config: (w) =>
      `[profile guarded]\nrole_arn = ${w.guarded}\nsource_profile = user1\nexternal_id = ${w.externalId}\n\n[profile user1]\n${keysOf(w)}`,
    expect: { kind: 'same-identity' },
  },
  {
    name: 'AWS CLI docs: mfa_serial, with a code provider',
    profile: 'mfa',
    config: (w) =>
      `[profile mfa]\nrole_arn = ${w.mfaGuarded}\nsource_profile = user1\nmfa_serial = ${w.mfaSerial}\n\n[profile user1]\n${keysOf(w)}`,
    expect: { kind: 'same-identity' },
  },
  {
    name: 'AWS CLI docs: duration_seconds',
    profile: 'ops',
    config: (w) =>
      `[profile ops]\nrole_arn = ${w.ops}\nsource_profile = user1\nduration_seconds = 7200\n\n[profile user1]\n${keysOf(w)}`,
    expect: { kind: 'same-identity' },
  },
  {
    name: "AWS CLI: a self-referencing source_profile assumes the role with the profile's own keys",
    profile: 'self',
    config: (w) => `[profile self]\n${keysOf(w)}role_arn = ${w.ops}\nsource_profile = self\n`,
    expect: { kind: 'same-identity' },
  },
  {
    name: "a source profile's keys win over its role_arn",
    profile: 'ops',
    config: (w) =>
      `[profile ops]\nrole_arn = ${w.ops}\nsource_profile = both\n\n[profile both]\n${keysOf(w)}role_arn = ${w.deploy}\nsource_profile = nowhere\n`,
    expect: { kind: 'same-identity' },
  },
  {
    name: 'aws-vault style: credential_process as the source',
    profile: 'ops',
    config: (w) =>
      `[profile vault]\ncredential_process = ${w.processOk}\nmfa_serial = ${w.mfaSerial}\n\n[profile ops]\nrole_arn = ${w.ops}\nsource_profile = vault\n`,
    expect: { kind: 'same-identity' },
  },
  {
    name: 'saml2aws layout: x_* keys next to the keys, a role on top',
    profile: 'ops',
    config: (w) => `[profile ops]\nrole_arn = ${w.ops}\nsource_profile = saml\n`,
    credentials: (w) =>
      `[saml]\n${keysOf(w)}x_principal_arn = arn:aws:iam::111111111111:saml-provider/corp\nx_security_token_expires = 2030-01-01T00:00:00Z\n`,
    expect: { kind: 'same-identity' },
  },
  {
    name: 'granted/CLI layout: nested s3 section, api_versions, endpoint settings, output',
    profile: 'ops',
    config: (w) =>
      `[profile ops]\nrole_arn = ${w.ops}\nsource_profile = user1\noutput = json\ns3 =\n  addressing_style = path\n  max_concurrent_requests = 20\napi_versions =\n  ec2 = 2016-11-15\nendpoint_discovery_enabled = true\ncommon_fate_generated_from = aws-sso\n\n[profile user1]\n${keysOf(w)}`,
    expect: { kind: 'same-identity' },
  },
  {
    name: 'EKS IRSA: web_identity_token_file + role_arn as the source_profile of a role',
    profile: 'ops',
    config: (w) =>
      `[profile irsa]\nrole_arn = ${w.pod}\nweb_identity_token_file = ${w.tokenFile}\nrole_session_name = app\n\n[profile ops]\nrole_arn = ${w.ops}\nsource_profile = irsa\n`,
    expect: { kind: 'same-identity' },
  },
  {
    name: 'EKS Pod Identity: credential_source = EcsContainer on 169.254.170.23 with a token file',
    profile: 'ops',
    config: (w) => `[profile ops]\nrole_arn = ${w.ops}\ncredential_source = EcsContainer\n`,
    env: (w) => ({
      AWS_CONTAINER_CREDENTIALS_FULL_URI: w.podIdentityUrl,
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: w.podIdentityTokenFile,
    }),
    expect: { kind: 'same-identity' },
  },
  {
    name: 'broken: source_profile cycle',
    profile: 'a',
    config: (w) =>
      `[profile a]\nrole_arn = ${w.ops}\nsource_profile = b\n\n[profile b]\nrole_arn = ${w.deploy}\nsource_profile = a\n`,
    expect: { kind: 'same-failure', ours: 'source_profile cycle: "a" → "b" → "a"' },
  },
  {
    name: 'broken: missing source profile',
    profile: 'ops',
    config: (w) => `[profile ops]\nrole_arn = ${w.ops}\nsource_profile = gone\n`,
    expect: {
      kind: 'same-failure',
      ours: 'profile "ops" source_profile: names "gone", which does not exist',
    },
  },
  {
    name: 'broken: failing credential_process',
    profile: 'ops',
    config: (w) =>
      `[profile helper]\ncredential_process = ${w.processFailing}\n\n[profile ops]\nrole_arn = ${w.ops}\nsource_profile = helper\n`,
    expect: { kind: 'same-failure', ours: 'corp-login: session expired' },
  },
  {
    name: 'broken: a typo of source_profile',
    profile: 'ops',
    config: (w) =>
      `[profile ops]\nrole_arn = ${w.ops}\nsource_profle = user1\n\n[profile user1]\n${keysOf(w)}`,
    expect: { kind: 'same-failure', ours: "did you mean 'source_profile'?" },
  },
  {
    name: 'zero hops: a profile with static keys only (no role)',
    profile: 'user1',
    config: (w) => `[profile user1]\n${keysOf(w)}`,
    expect: { kind: 'same-identity' },
  },
  {
    name: 'zero hops: keys in the credentials file, the region in the config file',
    profile: 'user1',
    config: () => `[profile user1]\nregion = eu-west-1\noutput = json\n`,
    credentials: (w) => `[user1]\n${keysOf(w)}`,
    expect: { kind: 'same-identity' },
  },
  {
    name: 'zero hops: credential_process printing long-term keys (no SessionToken, no Expiration)',
    profile: 'vault',
    config: (w) => `[profile vault]\ncredential_process = ${w.processOk}\n`,
    expect: { kind: 'same-identity' },
  },
  {
    name: 'zero hops: credential_process printing a session with an Expiration',
    profile: 'granted',
    config: (w) => `[profile granted]\ncredential_process = ${w.processSession}\nregion = eu-west-1\n`,
    expect: { kind: 'same-identity' },
  },
  {
    name: 'zero hops, broken: a failing credential_process',
    profile: 'helper',
    config: (w) => `[profile helper]\ncredential_process = ${w.processFailing}\n`,
    expect: { kind: 'same-failure', ours: 'corp-login: session expired' },
  },
  {
    name: 'zero hops, broken: half a key pair',
    profile: 'half',
    config: (w) => `[profile half]\naws_access_key_id = ${w.alice.accessKeyId}\n`,
    expect: { kind: 'same-failure', ours: 'profile "half" aws_secret_access_key: is missing' },
  },
  {
    name: 'zero hops, broken: a typo of aws_secret_access_key',
    profile: 'typo',
    config: (w) =>
      `[profile typo]\naws_access_key_id = ${w.alice.accessKeyId}\naws_secret_acess_key = ${w.alice.secretAccessKey}\n`,
    expect: { kind: 'same-failure', ours: "did you mean 'aws_secret_access_key'?" },
  },
  {
    name: 'zero hops: IAM Identity Center (SSO) profile, sso_start_url form',
    profile: 'sso',
    config: (w) => ssoProfile(w),
    env: (w) => ({ HOME: w.ssoHome }),
    expect: { kind: 'same-identity' },
  },
  {
    name: 'IAM Identity Center (SSO) profile as the source_profile of a role',
    profile: 'deploy',
    config: (w) => `${ssoProfile(w)}\n[profile deploy]\nrole_arn = ${w.deploy}\nsource_profile = sso\n`,
    env: (w) => ({ HOME: w.ssoHome }),
    expect: { kind: 'same-identity' },
  },
  {
    name: 'EKS IRSA alone: web_identity_token_file + role_arn as the named profile',
    profile: 'irsa',
    config: (w) => `[profile irsa]\nrole_arn = ${w.pod}\nweb_identity_token_file = ${w.tokenFile}\n`,
    expect: { kind: 'same-identity' },
  },
  {
    name: 'role_arn with both source_profile and credential_source',
    profile: 'ops',
    config: (w) =>
      `[profile ops]\nrole_arn = ${w.ops}\nsource_profile = user1\ncredential_source = Environment\n\n[profile user1]\n${keysOf(w)}`,
    expect: { kind: 'same-failure', ours: 'credential_source: cannot be combined with source_profile' },
  },
];
