#!/usr/bin/env python3
"""Sign requests with botocore's SigV4Auth, for Tests/AWSTests/SigV4BotocoreDifferentialTests.swift.

Usage: scripts/botocore-sign.py CASES.json

CASES.json is a list of objects:
  id, service, region, timestamp (yyyyMMdd'T'HHmmss'Z', UTC), access_key, secret_key,
  session_token (null or absent), method, url (scheme://host[:port]/path, no query),
  query ([[name, value], ...], decoded, in order), headers ([[name, value], ...], in order),
  body_base64.

Prints one JSON object: {"botocore": version, "results": [{id, canonical_request,
string_to_sign, authorization}, ...]}.

Each request is signed by SigV4Auth.add_auth, the code path botocore uses for every non-S3
service, with botocore's clock fixed at the case's timestamp. Query items go in as
AWSRequest.params, so botocore encodes them itself (with a URL query string it would sign the
string as written). Exits 3 with a message on stderr when botocore cannot be imported.
"""

import base64
import datetime
import json
import sys

try:
    import botocore
    import botocore.auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
except ImportError as error:  # pragma: no cover - depends on the machine
    sys.stderr.write(
        f"botocore is not importable by {sys.executable}: {error}. "
        "Install it with `python3 -m pip install botocore`.\n"
    )
    sys.exit(3)


class RecordingSigV4Auth(botocore.auth.SigV4Auth):
    """SigV4Auth that keeps the canonical request and string to sign it computes."""

    canonical = None
    string_to_sign_text = None

    def canonical_request(self, request):
        self.canonical = super().canonical_request(request)
        return self.canonical

    def string_to_sign(self, request, canonical_request):
        self.string_to_sign_text = super().string_to_sign(request, canonical_request)
        return self.string_to_sign_text


def sign(case):
    instant = datetime.datetime.strptime(case["timestamp"], "%Y%m%dT%H%M%SZ")
    # add_auth reads the time from botocore.auth.get_current_datetime (naive UTC).
    botocore.auth.get_current_datetime = lambda *args, **kwargs: instant

    request = AWSRequest(
        method=case["method"],
        url=case["url"],
        data=base64.b64decode(case["body_base64"]),
        params=[(name, value) for name, value in case["query"]] or None,
    )
    for name, value in case["headers"]:
        request.headers[name] = value  # HTTPHeaders appends: repeated names are kept

    credentials = Credentials(case["access_key"], case["secret_key"], case.get("session_token"))
    auth = RecordingSigV4Auth(credentials, case["service"], case["region"])
    auth.add_auth(request)
    return {
        "id": case["id"],
        "canonical_request": auth.canonical,
        "string_to_sign": auth.string_to_sign_text,
        "authorization": request.headers["Authorization"],
    }


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: botocore-sign.py CASES.json\n")
        return 2
    with open(sys.argv[1], encoding="utf-8") as file:
        cases = json.load(file)
    results = [sign(case) for case in cases]
    json.dump({"botocore": botocore.__version__, "results": results}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
