"""Check EKS bearer tokens the way aws-iam-authenticator does, with the lab's own credentials.

A token is ``k8s-aws-v1.`` + base64url (no padding) of a presigned STS ``GetCallerIdentity`` URL whose
signed headers include ``x-k8s-aws-id: <cluster name>`` (``aws eks get-token`` makes one). EKS forwards
the URL to STS, which checks the signature. The lab checks it itself: it knows the fake secret it hands
out, so it recomputes the SigV4 query signature (payload ``UNSIGNED-PAYLOAD``, as botocore presigns; the
SHA-256 of an empty body is accepted too) and rejects a token that is malformed, expired, for another
cluster, or signed with another key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from datetime import datetime, timezone
from typing import Mapping, Optional
from urllib.parse import parse_qsl, quote, urlsplit

PREFIX = "k8s-aws-v1."
MAX_AGE_SECONDS = 15 * 60  # aws-iam-authenticator's window, whatever X-Amz-Expires says
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


class TokenError(ValueError):
    """Why a token is refused."""


def _uri_encode(text: str) -> str:
    return quote(text, safe="-_.~")


def _sign(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def presign_signature(secret: str, *, host: str, path: str, params: list[tuple[str, str]], cluster: str,
                      signed_headers: str, date: str, scope: str, payload: str) -> str:
    canonical_query = "&".join(f"{_uri_encode(k)}={_uri_encode(v)}" for k, v in sorted(params))
    headers = {"host": host, "x-k8s-aws-id": cluster}
    names = signed_headers.split(";")
    canonical_headers = "".join(f"{n}:{headers.get(n, '')}\n" for n in names)
    canonical = "\n".join(["GET", path or "/", canonical_query, canonical_headers, signed_headers, payload])
    to_sign = "\n".join(["AWS4-HMAC-SHA256", date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    day, region, service, _ = scope.split("/")
    key = _sign(("AWS4" + secret).encode(), day)
    for part in (region, service, "aws4_request"):
        key = _sign(key, part)
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


def verify(token: str, *, cluster: str, secrets: Mapping[str, str], account: str,
           now: Optional[float] = None) -> str:
    """Return the caller's ARN for a valid token, or raise TokenError."""
    if not token.startswith(PREFIX):
        raise TokenError("the token does not start with k8s-aws-v1.")
    encoded = token[len(PREFIX):]
    try:
        url = base64.b64decode(encoded + "=" * (-len(encoded) % 4), altchars=b"-_", validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise TokenError("the token is not base64url") from None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise TokenError("the token is not a presigned URL")
    params = parse_qsl(parts.query, keep_blank_values=True)
    query = dict(params)
    if query.get("Action") != "GetCallerIdentity":
        raise TokenError("the presigned request is not sts:GetCallerIdentity")
    if query.get("X-Amz-Algorithm") != "AWS4-HMAC-SHA256":
        raise TokenError("the presigned request is not signed with AWS4-HMAC-SHA256")
    signed_headers = query.get("X-Amz-SignedHeaders", "")
    if "x-k8s-aws-id" not in signed_headers.split(";") or "host" not in signed_headers.split(";"):
        raise TokenError("the presigned request does not sign host and x-k8s-aws-id")
    credential = query.get("X-Amz-Credential", "").split("/")
    if len(credential) != 5 or credential[3] != "sts" or credential[4] != "aws4_request":
        raise TokenError("the presigned request has no STS credential scope")
    access_key, scope = credential[0], "/".join(credential[1:])
    try:
        signed_at = datetime.strptime(query.get("X-Amz-Date", ""), "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        raise TokenError("the presigned request has no valid X-Amz-Date") from None
    age = (now if now is not None else time.time()) - signed_at.timestamp()
    if age > MAX_AGE_SECONDS:
        raise TokenError("the token has expired")
    if age < -MAX_AGE_SECONDS:
        raise TokenError("the token is dated in the future")
    secret = secrets.get(access_key)
    if secret is None:
        raise TokenError(f"the token is signed with an access key the lab does not know ({access_key})")
    unsigned = [(k, v) for k, v in params if k != "X-Amz-Signature"]
    given = query.get("X-Amz-Signature", "")
    for payload in ("UNSIGNED-PAYLOAD", EMPTY_SHA256):
        expected = presign_signature(secret, host=parts.netloc, path=parts.path, params=unsigned, cluster=cluster,
                                     signed_headers=signed_headers, date=query["X-Amz-Date"], scope=scope,
                                     payload=payload)
        if hmac.compare_digest(expected, given):
            return f"arn:aws:sts::{account}:user/moto"
    raise TokenError(f"the signature does not match (is the token for cluster {cluster!r}?)")
