import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { ProfileSource, Profiles } from './profile-chain';
import type { SharedFilePaths } from './shared-files';

/**
 * The provider of a profile chain's base credentials: exactly the source the profile names, never a chain of
 * sources. A failing `credential_process`, SSO login or token file fails with its own error; nothing else
 * (environment keys, a container or instance role, IRSA variables) is tried in its place. SDK providers are
 * imported only when a profile needs them.
 */
export async function profileSourceProvider(
  source: ProfileSource,
  profiles: Profiles,
  paths: SharedFilePaths,
): Promise<AwsCredentialIdentityProvider> {
  switch (source.kind) {
    case 'static': {
      const data = profiles[source.profile];
      const credentials = {
        accessKeyId: data?.['aws_access_key_id'] ?? '',
        secretAccessKey: data?.['aws_secret_access_key'] ?? '',
        ...(data?.['aws_session_token'] === undefined ? {} : { sessionToken: data['aws_session_token'] }),
      };
      return () => Promise.resolve(credentials);
    }
    case 'credential_source': {
      if (source.value === 'Environment') return (await import('@aws-sdk/credential-provider-env')).fromEnv();
      if (source.value === 'EcsContainer') {
        // The SDK's HTTP provider serves ECS and EKS Pod Identity alike: 169.254.170.2, 169.254.170.23 and
        // [fd00:ec2::23], with the token of AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE read again on every fetch.
        return (await import('@aws-sdk/credential-provider-http')).fromHttp();
      }
      return (await import('@smithy/credential-provider-imds')).fromInstanceMetadata();
    }
    case 'sdk-profile': {
      // fromIni resolves the one profile it is given (credential_process, SSO, web identity, console login)
      // and never falls through to another source; the SDK's default chain would.
      const { fromIni } = await import('@aws-sdk/credential-provider-ini');
      return fromIni({
        profile: source.profile,
        ...(paths.configFilepath === undefined ? {} : { configFilepath: paths.configFilepath }),
        ...(paths.filepath === undefined ? {} : { filepath: paths.filepath }),
      });
    }
  }
}
