/**
 * How a failure becomes an HTTP answer: always JSON, always secret-free. A role chain that cannot be
 * assumed is the upstream's fault (502, naming the failing hop); S3's AccessDenied and NoSuchKey pass
 * through as 403 and 404; anything unexpected is a 500 that says no more than that.
 */
import { S3ServiceException } from '@aws-sdk/client-s3';
import { STSServiceException } from '@aws-sdk/client-sts';
import { RoleChainConfigError, RoleChainError } from '@rolechain/credential-provider';

export interface ErrorResponse {
  status: number;
  body: { error: string; message: string } & Record<string, unknown>;
}

/** A request the service itself refuses (unknown route, wrong method, bad parameter). */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const passThrough: Readonly<Record<string, number>> = { AccessDenied: 403, NoSuchKey: 404 };

/** The response for a failure, or `undefined` when it is not one we know (the caller logs it and sends a 500). */
export function knownErrorResponse(error: unknown): ErrorResponse | undefined {
  if (error instanceof HttpError) {
    return { status: error.status, body: { error: error.code, message: error.message } };
  }
  if (error instanceof RoleChainError) {
    return {
      status: 502,
      body: {
        error: 'RoleChainError',
        message: error.message,
        hop: error.hop,
        hops: error.hops,
        roleArn: error.roleArn ?? null,
        code: error.code,
        retryable: error.retryable,
        requestId: error.requestId ?? null,
      },
    };
  }
  if (error instanceof RoleChainConfigError) {
    return {
      status: 500,
      body: { error: 'RoleChainConfigError', message: error.message, field: error.field },
    };
  }
  if (error instanceof S3ServiceException || error instanceof STSServiceException) {
    return {
      status: passThrough[error.name] ?? 502,
      body: {
        error: error.name,
        message: error.message,
        service: error instanceof S3ServiceException ? 'S3' : 'STS',
        requestId: error.$metadata.requestId ?? null,
      },
    };
  }
  return undefined;
}

/** What an unexpected failure answers with: nothing about it, so nothing can leak. */
export const internalError: ErrorResponse = {
  status: 500,
  body: { error: 'InternalError', message: 'The service failed unexpectedly; its log has the details.' },
};
