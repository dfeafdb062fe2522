"""Sign-on tokens for tests, made by hand (base64url, JSON, hmac): what a newsroom's code mints,
and the forgeries an attacker tries (``alg: none``, an RS256 or ES256 header signed with the
site's secret as an HMAC key), which no JOSE library would make for us."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid

from townsquare.readers.models import SSOSecret
from townsquare.sites.models import Site

SECRET = "a-newsroom-secret-of-more-than-thirty-two-characters"
DIGESTS = {"256": hashlib.sha256, "384": hashlib.sha384, "512": hashlib.sha512}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def make_secret(site: Site, *, kid: str = "k1", secret: str = SECRET, **fields) -> SSOSecret:
    return SSOSecret.objects.create(site=site, kid=kid, secret=secret, **fields)


def claims(*, user: dict | None = None, **top) -> dict:
    now = int(time.time())
    data = {
        "jti": str(uuid.uuid4()),
        "iat": now,
        "exp": now + 600,
        "user": {
            "id": "acct-1001",
            "email": "marta.subscriber@example.org",
            "username": "Marta Quill",
            "badges": ["subscriber"],
            "role": "COMMENTER",
            "url": "https://news.example.org/account",
            "avatar": "https://news.example.org/avatars/1001.png",
            **(user or {}),
        },
    }
    data.update(top)
    return {k: v for k, v in data.items() if v is not None}


def mint(
    payload: dict | None = None,
    *,
    secret: str = SECRET,
    kid: str | None = "k1",
    alg: str = "HS256",
    sign_as: str | None = None,
    header: dict | None = None,
) -> str:
    """A compact JWT: signed with HMAC-SHA``sign_as`` (default: the header's own size)."""
    head = {"alg": alg, "typ": "JWT", **({"kid": kid} if kid is not None else {}), **(header or {})}
    signing_input = (
        f"{b64(json.dumps(head).encode())}.{b64(json.dumps(payload or claims()).encode())}"
    )
    if alg == "none":
        return signing_input + "."
    size = sign_as or alg[-3:]
    digest = hmac.new(secret.encode(), signing_input.encode(), DIGESTS[size]).digest()
    return f"{signing_input}.{b64(digest)}"
