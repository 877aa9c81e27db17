import type {
  AssumeRoleCommandInput,
  AssumeRoleCommandOutput,
  GetCallerIdentityCommandOutput,
} from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from './aws-sdk.cjs';
import { classifyError } from './classify-error';
import type { StsClientConfig } from './options';

/** The STS calls one hop makes, through a real `STSClient` signing with the hop's parent credentials. */
export interface HopStsClient {
  readonly region: string;
  assumeRole(input: AssumeRoleCommandInput, parent: AwsCredentialIdentity): Promise<AssumeRoleCommandOutput>;
  getCallerIdentity(parent: AwsCredentialIdentity): Promise<GetCallerIdentityCommandOutput>;
  /** Server time minus local time as the SDK learned it from skew corrections (0 until then). */
  clockOffsetMs(): number;
}

/** STS did not answer within the provider's `timeoutMs` (SDK retries included): a transient failure. */
export class StsTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** The call failed without any HTTP answer from STS (socket reset, DNS, fetch failure): a transient failure. */
export class StsNetworkError extends Error {
  override readonly name = 'NetworkError';
}

function answeredBySts(error: unknown): boolean {
  const metadata = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata;
  return typeof metadata?.httpStatusCode === 'number';
}

/**
 * One `STSClient` per hop, built once (regional endpoint from `region`; `stsClientConfig` for endpoint,
 * handler, retries). Its credentials provider hands over whatever parent credentials the current call was
 * given, and is marked memoized so the SDK asks it on every request instead of caching stale parents.
 */
export function createHopStsClient(region: string, config: StsClientConfig, timeoutMs: number): HopStsClient {
  let parent: AwsCredentialIdentity | undefined;
  const credentials = Object.assign(
    () =>
      parent === undefined ? Promise.reject(new Error('no parent credentials')) : Promise.resolve(parent),
    { memoized: true },
  );
  const client = new STSClient({ ...config, region, credentials });

  async function send<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    // A plain timer rather than AbortSignal.timeout: it never keeps the process alive, is cleared as soon as
    // STS answers, and follows fake timers, so tests move time instead of waiting for it.
    const controller = new AbortController();
    const timer = setTimeout(() => {
      controller.abort();
    }, timeoutMs);
    timer.unref();
    const { signal } = controller;
    try {
      return await run(signal);
    } catch (error) {
      if (signal.aborted) {
        throw new StsTimeoutError(`STS did not answer within ${timeoutMs} ms`, { cause: error });
      }
      if (!answeredBySts(error) && !classifyError(error).retryable) {
        const reason = error instanceof Error ? error.message : 'unknown failure';
        throw new StsNetworkError(`no answer from STS: ${reason}`, { cause: error });
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    region,
    assumeRole(input, credentialsOfParent) {
      parent = credentialsOfParent;
      return send((abortSignal) => client.send(new AssumeRoleCommand(input), { abortSignal }));
    },
    getCallerIdentity(credentialsOfParent) {
      parent = credentialsOfParent;
      return send((abortSignal) => client.send(new GetCallerIdentityCommand({}), { abortSignal }));
    },
    clockOffsetMs: () => client.config.systemClockOffset,
  };
}
