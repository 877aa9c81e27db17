/**
 * The shared-config settings `fromRoleChainProfile` knows, by kind. Like the SDK it accepts settings of other
 * tools (listed as `unknownKeys` by `resolveProfileChainOptions`), and refuses only a near miss of a setting it
 * reads (`role_sesion_name`: did you mean 'role_session_name'?); `rolechain lint` reads the same lists.
 */
export interface ProfileSettings {
  /** Settings of a role profile (one with `role_arn`). */
  readonly role: ReadonlySet<string>;
  /** Static keys: only in a base profile. */
  readonly staticCredentials: ReadonlySet<string>;
  /** Base-profile credential settings the AWS SDK resolves itself (SSO, credential_process, web identity). */
  readonly sdkBase: ReadonlySet<string>;
  /** Settings of the AWS CLI and SDKs that do not affect credentials: allowed in any profile. */
  readonly neutral: ReadonlySet<string>;
}

export const profileSettings: ProfileSettings = {
  role: new Set([
    'role_arn',
    'source_profile',
    'credential_source',
    'external_id',
    'mfa_serial',
    'role_session_name',
    'duration_seconds',
    'region',
  ]),
  staticCredentials: new Set(['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token']),
  sdkBase: new Set([
    'sso_session',
    'sso_start_url',
    'sso_region',
    'sso_account_id',
    'sso_role_name',
    'sso_registration_scopes',
    'credential_process',
    'web_identity_token_file',
    'login_session',
  ]),
  neutral: new Set([
    'output',
    'cli_pager',
    'cli_timestamp_format',
    'cli_follow_urlparam',
    'cli_auto_prompt',
    'cli_binary_format',
    'cli_history',
    'retry_mode',
    'max_attempts',
    's3',
    'api_versions',
    'endpoint_discovery_enabled',
    'endpoint_url',
    'services',
    'ca_bundle',
    'parameter_validation',
    'tcp_keepalive',
    'defaults_mode',
    'use_fips_endpoint',
    'use_dualstack_endpoint',
    'sts_regional_endpoints',
    'ignore_configure_endpoints_urls',
    'request_min_compression_size_bytes',
    'disable_request_compression',
    'sdk_ua_app_id',
    'account_id_endpoint_mode',
    'aws_account_id',
    'metadata_service_timeout',
    'metadata_service_num_attempts',
    'ec2_metadata_service_endpoint',
    'ec2_metadata_service_endpoint_mode',
    'ec2_metadata_v1_disabled',
    'auth_scheme_preference',
    'sigv4a_signing_region_set',
    'response_checksum_validation',
    'request_checksum_calculation',
  ]),
};
