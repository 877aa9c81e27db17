"""One STS call with boto3 against rolechain-sts-mock serve, for serve.languages.test.ts.

    python3 boto3_sts.py ENDPOINT_URL OPERATION [JSON_PARAMS]

OPERATION is the boto3 method name (assume_role, get_caller_identity, ...). Credentials, region, profile and
retries come from the environment as for any boto3 program (AWS_PROFILE with AWS_SHARED_CREDENTIALS_FILE,
AWS_ACCESS_KEY_ID..., AWS_REGION, AWS_MAX_ATTEMPTS, AWS_RETRY_MODE). The endpoint is passed as endpoint_url,
which every botocore version reads (AWS_ENDPOINT_URL_STS needs botocore 1.31.57 or later).

Prints one JSON line: {"ok": true, "result": {...}} or {"ok": false, "code": ..., "message": ...,
"status": ..., "attempts": ...}.
"""

import json
import sys

import boto3
from botocore.exceptions import ClientError


def main(endpoint_url, operation, params_json="{}"):
    client = boto3.session.Session().client("sts", endpoint_url=endpoint_url)
    try:
        result = getattr(client, operation)(**json.loads(params_json))
    except ClientError as error:
        meta = error.response.get("ResponseMetadata", {})
        print(
            json.dumps(
                {
                    "ok": False,
                    "code": error.response["Error"]["Code"],
                    "message": error.response["Error"]["Message"],
                    "status": meta.get("HTTPStatusCode"),
                    "attempts": meta.get("RetryAttempts", 0) + 1,
                }
            )
        )
        return
    result.pop("ResponseMetadata", None)
    print(json.dumps({"ok": True, "result": result}, default=str))


if __name__ == "__main__":
    main(*sys.argv[1:])
