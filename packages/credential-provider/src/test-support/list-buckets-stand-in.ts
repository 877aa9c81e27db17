import { http, HttpResponse } from 'msw';
import type { AuthenticateResult, StsMock } from '@rolechain/sts-mock';
import type { MswHandler } from '@rolechain/sts-mock/vitest';

/**
 * An S3 `ListBuckets` in eu-west-1 that believes only what the STS mock verified: a request it
 * authenticates gets an empty bucket list; any other gets S3's error with the mock's code and status.
 * `seen` hears each verdict, for suites that check who signed.
 */
export function listBucketsStandIn(sts: StsMock, seen?: (result: AuthenticateResult) => void): MswHandler {
  return http.get(/^https:\/\/s3\.eu-west-1\.amazonaws\.com\//, async ({ request }) => {
    const result = await sts.authenticate(request);
    seen?.(result);
    if (!result.ok) {
      return HttpResponse.xml(
        `<Error><Code>${result.error.code}</Code><Message>${result.error.message}</Message></Error>`,
        { status: result.error.status },
      );
    }
    return HttpResponse.xml('<ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>');
  });
}
