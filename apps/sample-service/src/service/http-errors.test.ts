import { S3ServiceException } from '@aws-sdk/client-s3';
import { STSServiceException } from '@aws-sdk/client-sts';
import { RoleChainConfigError, RoleChainError } from '@rolechain/credential-provider';
import { expect, test } from 'vitest';
import { HttpError, knownErrorResponse } from './http-errors';

const s3Error = (name: string, status: number) =>
  new S3ServiceException({
    name,
    $fault: 'client',
    message: `${name} happened`,
    $metadata: { httpStatusCode: status, requestId: 'REQ1' },
  });

test('a failing hop is a 502 that names the hop, its role and the STS code', () => {
  const error = new RoleChainError({
    hop: 2,
    hops: 2,
    roleArn: 'arn:aws:iam::333333333333:role/report-reader',
    code: 'AccessDenied',
    requestId: 'sts-req',
    retryable: false,
    detail: 'User: x is not authorized to perform: sts:AssumeRole on resource: y',
  });
  expect(knownErrorResponse(error)).toEqual({
    status: 502,
    body: {
      error: 'RoleChainError',
      message: error.message,
      hop: 2,
      hops: 2,
      roleArn: 'arn:aws:iam::333333333333:role/report-reader',
      code: 'AccessDenied',
      retryable: false,
      requestId: 'sts-req',
    },
  });
  expect(error.message).toMatch(
    /^hop 2 of 2 \(arn:aws:iam::333333333333:role\/report-reader\): AccessDenied: /,
  );
});

test("S3's AccessDenied and NoSuchKey pass through; other S3 errors are the upstream's (502)", () => {
  expect(knownErrorResponse(s3Error('AccessDenied', 403))).toEqual({
    status: 403,
    body: { error: 'AccessDenied', message: 'AccessDenied happened', service: 'S3', requestId: 'REQ1' },
  });
  expect(knownErrorResponse(s3Error('NoSuchKey', 404))?.status).toBe(404);
  expect(knownErrorResponse(s3Error('NoSuchBucket', 404))?.status).toBe(502);
  expect(knownErrorResponse(s3Error('SlowDown', 503))?.status).toBe(502);
});

test('an STS service error names STS', () => {
  const error = new STSServiceException({
    name: 'ExpiredToken',
    $fault: 'client',
    message: 'expired',
    $metadata: {},
  });
  expect(knownErrorResponse(error)?.body).toMatchObject({
    error: 'ExpiredToken',
    service: 'STS',
    requestId: null,
  });
});

test("the service's own refusals keep their status and code", () => {
  expect(knownErrorResponse(new HttpError(404, 'NotFound', 'No route GET /nope'))).toEqual({
    status: 404,
    body: { error: 'NotFound', message: 'No route GET /nope' },
  });
});

test('a provider configuration error is the service being misconfigured: 500 naming the field', () => {
  const response = knownErrorResponse(
    new RoleChainConfigError('roles[0].roleArn', "'x' is not a role ARN", 1),
  );
  expect(response).toEqual({
    status: 500,
    body: {
      error: 'RoleChainConfigError',
      message: "hop 1: roles[0].roleArn: 'x' is not a role ARN",
      field: 'roles[0].roleArn',
    },
  });
});

test('anything else is left to the caller', () => {
  expect(knownErrorResponse(new Error('boom'))).toBeUndefined();
  expect(knownErrorResponse('a string')).toBeUndefined();
});
