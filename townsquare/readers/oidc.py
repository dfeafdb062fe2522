"""Signing in with the site's OpenID provider (OpenID Connect; docs/identity.md).

The authorization code flow with PKCE (S256), ``state`` and ``nonce``, through Authlib: its
``OAuth2Session`` makes the authorization request and redeems the code; joserfc (Authlib's JOSE
library) checks the ID token's signature against the provider's published keys (JWKS) and
Authlib's ``CodeIDToken`` its claims — ``iss`` (the provider's issuer), ``aud`` (our client
id), ``exp``, ``iat`` and the ``nonce`` this browser's sign-in sent. No JOSE code of our own.

``oidc_sign_in_start`` answers where to send the browser and what its session must keep (the
``OIDCPending``: state, nonce, PKCE verifier); ``oidc_sign_in_finish`` takes the code back,
checks everything, maps the provider's claims (``OIDCProvider``'s settings: name, address,
badges, subscriber) and signs the reader in as a sign-on account of the site keyed by the
provider's issuer and ``sub`` (``sso.sso_account_sign_in``: the same account record and reader
session as a newsroom token). Every failure raises ``OIDCRefused`` (an ``SSORefused``) with a
message for the reader or the site's developer, and writes nothing.

The provider's discovery document and keys are fetched with short timeouts and kept in the
cache for ``METADATA_CACHE_SECONDS``; an ID token signed with a key we do not know yet fetches
the keys again once (the provider rotated them).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import requests
from authlib.common.security import generate_token, is_secure_transport
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ExpiredTokenError,
    InvalidClaimError,
    InvalidKeyIdError,
    JoseError,
    MissingClaimError,
    UnsupportedAlgorithmError,
)
from joserfc.jwk import KeySet

from townsquare.lib.identity import normalise_email
from townsquare.readers.models import OIDCProvider, SSOIdentity
from townsquare.readers.sso import (
    BADGE_MAX_CHARS,
    BADGES_MAX,
    CLOCK_LEEWAY_SECONDS,
    SSOClaims,
    SSORefused,
    SSOSignIn,
    sso_account_sign_in,
)
from townsquare.sites.models import Site

HTTP_TIMEOUT_SECONDS = 5
METADATA_CACHE_SECONDS = 600
DISCOVERY_PATH = "/.well-known/openid-configuration"
# ID tokens must be signed with the provider's own (asymmetric) keys, as published in its JWKS;
# HS256 with the client secret, and "none", are refused.
SIGNING_ALGORITHMS = (
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
    "EdDSA",
)
CODE_MAX_CHARS = 2048


class OIDCRefused(SSORefused):
    """A sign-in with the OpenID provider that cannot go on; ``message`` says why.

    ``code``: ``oidc_off`` (no provider, or switched off), ``provider_unreachable`` (its
    discovery document, keys or token endpoint did not answer: ``status`` 502),
    ``state_mismatch``, ``provider_error`` (the provider sent the reader back with an error),
    ``code_refused``, ``bad_signature``, ``algorithm_refused``, ``wrong_issuer``,
    ``wrong_audience``, ``nonce_mismatch``, ``expired``, ``not_yet_valid``, ``invalid_token``,
    ``claim_missing``, ``email_unverified``, and the account's ``email_taken``.
    """

    def __init__(self, message: str, *, code: str = "invalid_token", status: int = 400) -> None:
        super().__init__(message, code=code)
        self.status = status


@dataclass(frozen=True)
class OIDCPending:
    """What the browser's session keeps between the start and the callback (never shown)."""

    state: str
    nonce: str
    code_verifier: str
    redirect_uri: str

    def as_dict(self) -> dict[str, str]:
        return {
            "state": self.state,
            "nonce": self.nonce,
            "code_verifier": self.code_verifier,
            "redirect_uri": self.redirect_uri,
        }


@dataclass(frozen=True)
class OIDCStart:
    url: str
    pending: OIDCPending


def oidc_provider_for(*, site: Site) -> OIDCProvider | None:
    """The site's OpenID provider when it is switched on, else None."""
    return OIDCProvider.objects.filter(site=site, enabled=True).select_related("site").first()


def oidc_provider_check(
    *,
    issuer: str,
    scopes: str,
    subscriber_claim: str,
    subscriber_value: str,
    discovery_url: str = "",
) -> None:
    """Refuse provider settings that cannot work (``ValidationError`` by field), for the admin.

    The issuer (and a discovery URL) is https (http only on this machine's loopback, for
    tests); the scopes ask for ``openid``; a subscriber claim comes with the value that makes a
    subscriber.
    """
    errors: dict[str, str] = {}
    parts = urlsplit(issuer or "")
    if not is_secure_transport(issuer or "") or parts.query or parts.fragment:
        errors["issuer"] = "An https URL (http only on 127.0.0.1 or localhost), with no query."
    if discovery_url and not is_secure_transport(discovery_url):
        errors["discovery_url"] = "An https URL (http only on 127.0.0.1 or localhost)."
    if "openid" not in (scopes or "").split():
        errors["scopes"] = "The scopes must include openid."
    if bool(subscriber_claim) != bool(subscriber_value):
        errors["subscriber_value"] = "Give both the subscriber claim and its value, or neither."
    if errors:
        raise ValidationError(errors)


# --- The provider's documents ----------------------------------------------------------------


def _unreachable(provider: OIDCProvider, what: str) -> OIDCRefused:
    return OIDCRefused(
        f"Signing in with {provider.name} is not possible right now: {what}. Please try again "
        "in a few minutes.",
        code="provider_unreachable",
        status=502,
    )


def _json_get(provider: OIDCProvider, url: str, *, what: str) -> dict[str, Any]:
    try:
        response = requests.get(
            url, timeout=HTTP_TIMEOUT_SECONDS, headers={"Accept": "application/json"}
        )
    except requests.RequestException:
        raise _unreachable(provider, f"its {what} could not be fetched") from None
    if response.status_code != 200:
        raise _unreachable(provider, f"its {what} answered HTTP {response.status_code}")
    try:
        document = response.json()
    except ValueError:
        document = None
    if not isinstance(document, dict):
        raise _unreachable(provider, f"its {what} is not a JSON object")
    return document


def _cache_key(kind: str, url: str) -> str:
    return f"townsquare:oidc:{kind}:{hashlib.sha256(url.encode()).hexdigest()[:32]}"


def _metadata(provider: OIDCProvider) -> dict[str, Any]:
    """The provider's discovery document, checked: its issuer is the one set, and it names the
    endpoints the flow needs."""
    url = provider.discovery_url or provider.issuer.rstrip("/") + DISCOVERY_PATH
    key = _cache_key("discovery", url)
    metadata = cache.get(key)
    if metadata is None:
        metadata = _json_get(provider, url, what="discovery document")
        issuer = metadata.get("issuer")
        if not isinstance(issuer, str) or issuer.rstrip("/") != provider.issuer.rstrip("/"):
            # The spec wants the exact issuer; a trailing slash set or left out in the admin
            # is forgiven, and the document's own spelling is what ID tokens must carry.
            raise _unreachable(
                provider, f"its discovery document names another issuer ({str(issuer)[:100]})"
            )
        for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not isinstance(metadata.get(name), str) or not metadata[name]:
                raise _unreachable(provider, f"its discovery document has no {name}")
        cache.set(key, metadata, METADATA_CACHE_SECONDS)
    return metadata


def _keys(provider: OIDCProvider, metadata: dict[str, Any], *, fresh: bool = False) -> KeySet:
    url = metadata["jwks_uri"]
    key = _cache_key("jwks", url)
    document = None if fresh else cache.get(key)
    if document is None:
        document = _json_get(provider, url, what="key set (JWKS)")
        cache.set(key, document, METADATA_CACHE_SECONDS)
    try:
        return KeySet.import_key_set(document)
    except (JoseError, ValueError, TypeError, KeyError):
        raise _unreachable(provider, "its key set (JWKS) could not be read") from None


def _auth_method(provider: OIDCProvider, metadata: dict[str, Any]) -> str:
    """How we prove to the token endpoint that we are the client: the secret in the
    Authorization header (the standard's default), in the form when that is all the provider
    takes, or nothing but PKCE for a public client (no secret)."""
    if not provider.client_secret:
        return "none"
    offered = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    if "client_secret_basic" not in offered and "client_secret_post" in offered:
        return "client_secret_post"
    return "client_secret_basic"


def _session(provider: OIDCProvider, metadata: dict[str, Any], redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(
        client_id=provider.client_id,
        client_secret=provider.client_secret or None,
        token_endpoint_auth_method=_auth_method(provider, metadata),
        scope=provider.scopes,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        default_timeout=HTTP_TIMEOUT_SECONDS,
    )


# --- The flow --------------------------------------------------------------------------------


def oidc_sign_in_start(*, provider: OIDCProvider, redirect_uri: str) -> OIDCStart:
    """Where to send the browser to sign in at ``provider``, and what its session keeps.

    Raises ``OIDCRefused`` (``provider_unreachable``) when the provider's discovery document
    cannot be had. Writes nothing.
    """
    metadata = _metadata(provider)
    pending = OIDCPending(
        state=generate_token(32),
        nonce=generate_token(32),
        code_verifier=generate_token(64),
        redirect_uri=redirect_uri,
    )
    with _session(provider, metadata, redirect_uri) as client:
        url, _ = client.create_authorization_url(
            metadata["authorization_endpoint"],
            state=pending.state,
            code_verifier=pending.code_verifier,
            nonce=pending.nonce,
        )
    return OIDCStart(url=url, pending=pending)


_CLAIM_REFUSALS = {
    "iss": ("wrong_issuer", "The ID token was issued by another provider (its `iss`)."),
    "aud": (
        "wrong_audience",
        "The ID token is meant for another application (its `aud` is not this site's client id).",
    ),
    "azp": ("wrong_audience", "The ID token was issued to another application (its `azp`)."),
    "nonce": (
        "nonce_mismatch",
        "The ID token does not belong to this sign-in (its `nonce` differs): sign in again.",
    ),
    "at_hash": ("invalid_token", "The ID token does not match its access token (`at_hash`)."),
}


def _id_token_claims(
    provider: OIDCProvider,
    metadata: dict[str, Any],
    *,
    id_token: str,
    nonce: str,
    access_token: str,
) -> dict[str, Any]:
    """The ID token's claims once its signature and its claims are checked."""
    offered = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = [a for a in offered if a in SIGNING_ALGORITHMS] or ["RS256"]
    decoded = None
    for fresh in (False, True):
        try:
            decoded = jwt.decode(
                id_token, _keys(provider, metadata, fresh=fresh), algorithms=algorithms
            )
        except InvalidKeyIdError:
            if fresh:
                raise OIDCRefused(
                    "The ID token is signed with a key the provider does not publish.",
                    code="bad_signature",
                ) from None
            continue  # the provider may have rotated its keys: fetch them again, once
        except BadSignatureError:
            raise OIDCRefused(
                "The ID token's signature does not match the provider's keys.",
                code="bad_signature",
            ) from None
        except UnsupportedAlgorithmError:
            raise OIDCRefused(
                "The ID token must be signed with one of the provider's own keys "
                f"({', '.join(algorithms)}).",
                code="algorithm_refused",
            ) from None
        except (JoseError, ValueError, TypeError):
            raise OIDCRefused("The ID token could not be read.", code="invalid_token") from None
        break
    assert decoded is not None
    claims = CodeIDToken(
        decoded.claims,
        decoded.header,
        {
            "iss": {"essential": True, "value": metadata["issuer"]},
            "aud": {"essential": True, "value": provider.client_id},
            "sub": {"essential": True},
            "exp": {"essential": True},
            "nonce": {"essential": True},
        },
        {"nonce": nonce, "client_id": provider.client_id, "access_token": access_token},
    )
    try:
        claims.validate(leeway=CLOCK_LEEWAY_SECONDS)
    except ExpiredTokenError:
        raise OIDCRefused(
            "The ID token has expired: sign in again (or check the provider's clock).",
            code="expired",
        ) from None
    except MissingClaimError as missing:
        raise OIDCRefused(
            f"The ID token has no `{missing.claim}` claim; it is required.",
            code="invalid_token",
        ) from None
    except InvalidClaimError as invalid:
        if invalid.claim in ("iat", "nbf"):
            raise OIDCRefused(
                "The ID token is not valid yet: check the clock of the provider.",
                code="not_yet_valid",
            ) from None
        code, message = _CLAIM_REFUSALS.get(
            invalid.claim, ("invalid_token", f"The ID token's `{invalid.claim}` is not valid.")
        )
        raise OIDCRefused(message, code=code) from None
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub or len(sub) > 255:
        raise OIDCRefused("The ID token's `sub` must be a string of 1 to 255 characters.")
    return dict(claims)


# --- Mapping the provider's claims to a sign-on account ---------------------------------------


def _claim(claims: dict[str, Any], name: str) -> Any:
    """A claim by its whole name (Auth0's are URLs), else as a dotted path (Keycloak's
    ``realm_access.roles``)."""
    if not name:
        return None
    if name in claims:
        return claims[name]
    value: Any = claims
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _values(value: Any) -> list[str]:
    """A claim's values as strings: a list's items, or the one value (booleans as true/false)."""
    items = value if isinstance(value, list) else [value]
    found = []
    for item in items:
        if isinstance(item, bool):
            found.append("true" if item else "false")
        elif isinstance(item, str | int | float):
            found.append(str(item))
    return found


def _mapped_names(provider: OIDCProvider) -> list[str]:
    """The claims the provider's settings read."""
    names = [provider.email_claim, provider.name_claim]
    names += [provider.badges_claim, provider.subscriber_claim]
    if provider.email_verified_required:
        names.append("email_verified")
    return [name for name in names if name]


def _userinfo(
    provider: OIDCProvider, metadata: dict[str, Any], *, access_token: str, sub: str
) -> dict[str, Any]:
    """The userinfo endpoint's claims (for providers that keep the profile out of the ID
    token); refused unless they are about the same ``sub``."""
    url = metadata.get("userinfo_endpoint")
    if not isinstance(url, str) or not url or not access_token:
        return {}
    try:
        response = requests.get(
            url,
            timeout=HTTP_TIMEOUT_SECONDS,
            headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"},
        )
    except requests.RequestException:
        raise _unreachable(provider, "its userinfo endpoint could not be reached") from None
    if response.status_code != 200:
        raise _unreachable(provider, f"its userinfo endpoint answered HTTP {response.status_code}")
    try:
        info = response.json()
    except ValueError:
        info = None
    if not isinstance(info, dict) or info.get("sub") != sub:
        raise OIDCRefused(
            "The provider's userinfo answer is not about the account that signed in (`sub`).",
            code="invalid_token",
        )
    return info


def _printable(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if not text or len(text) > limit or any(ord(c) < 32 or ord(c) == 127 for c in text):
        return ""
    return text


def oidc_account_claims(
    *, provider: OIDCProvider, claims: dict[str, Any], badge_for_subscribers: str
) -> SSOClaims:
    """The sign-on account that checked ID token (and userinfo) ``claims`` describe, by the
    provider's claim settings; raises ``OIDCRefused`` for a missing or unconfirmed address or
    a missing name. Reads only."""
    values = _values(_claim(claims, provider.email_claim))
    email = normalise_email(values[0]) if values else ""
    if not email:
        raise OIDCRefused(
            f"{provider.name} did not give your e-mail address (claim `{provider.email_claim}`); "
            "it is needed to sign in here. Allow it at the provider, or ask the site to ask for "
            "the email scope.",
            code="claim_missing",
        )
    try:
        validate_email(email)
    except ValidationError:
        raise OIDCRefused(
            f"The provider's `{provider.email_claim}` claim is not an e-mail address.",
            code="invalid_token",
        ) from None
    if provider.email_verified_required and _values(claims.get("email_verified")) != ["true"]:
        raise OIDCRefused(
            f"{provider.name} has not confirmed your e-mail address (`email_verified`). Confirm "
            "it there, then sign in again.",
            code="email_unverified",
        )
    names = _values(_claim(claims, provider.name_claim)) or _values(
        claims.get("preferred_username")
    )
    username = _printable(names[0], 100) if names else ""
    if not username:
        raise OIDCRefused(
            f"{provider.name} did not give a name to show (claim `{provider.name_claim}`, or "
            "`preferred_username`).",
            code="claim_missing",
        )
    allowed = {v.strip() for v in provider.badges_allowed.split(",") if v.strip()}
    badges: list[str] = []
    if provider.badges_claim:
        for value in _values(_claim(claims, provider.badges_claim)):
            value = _printable(value, BADGE_MAX_CHARS)
            if value and (not allowed or value in allowed) and value not in badges:
                badges.append(value)
    if (
        provider.subscriber_claim
        and provider.subscriber_value in _values(_claim(claims, provider.subscriber_claim))
        and badge_for_subscribers not in badges
    ):
        badges.append(badge_for_subscribers)
    picture = claims.get("picture")
    profile = claims.get("profile")
    return SSOClaims(
        subject=claims["sub"],
        email=email,
        username=username,
        badges=badges[:BADGES_MAX],
        role=SSOIdentity.Role.COMMENTER,
        profile_url=profile if _web_link(profile) else "",
        avatar_url=picture if _web_link(picture) else "",
        jti="",
        expires_at=datetime.fromtimestamp(claims["exp"], tz=UTC),
        # Each sign-in's ID token is newer than the last: the profile follows the provider's.
        issued_at=datetime.fromtimestamp(claims["iat"], tz=UTC),
        issuer=claims["iss"],
    )


def _web_link(value: Any) -> bool:
    return (
        isinstance(value, str)
        and len(value) <= 300
        and urlsplit(value).scheme in ("http", "https")
        and bool(urlsplit(value).netloc)
    )


def oidc_sign_in_finish(
    *,
    provider: OIDCProvider,
    pending: OIDCPending,
    code: str,
    returned_issuer: str = "",
) -> SSOSignIn:
    """Redeem the provider's ``code`` for this browser's ``pending`` sign-in, check the ID
    token, and sign its account in (``sso.sso_account_sign_in``).

    ``returned_issuer`` is the callback's ``iss`` parameter when the provider sends one
    (RFC 9207): it must be the provider's. Raises ``OIDCRefused``; nothing is written then.
    """
    if not isinstance(code, str) or not code or len(code) > CODE_MAX_CHARS:
        raise OIDCRefused("The provider sent no sign-in code back: sign in again.")
    metadata = _metadata(provider)
    if returned_issuer and returned_issuer != metadata["issuer"]:
        raise OIDCRefused(
            "The answer came from another provider than the one this sign-in went to (`iss`).",
            code="wrong_issuer",
        )
    with _session(provider, metadata, pending.redirect_uri) as client:
        try:
            token = client.fetch_token(
                metadata["token_endpoint"],
                code=code,
                code_verifier=pending.code_verifier,
                grant_type="authorization_code",
            )
        except OAuthError as refusal:
            detail = refusal.description or refusal.error or "no reason given"
            raise OIDCRefused(
                f"{provider.name} refused the sign-in code ({str(detail)[:200]}). It may have been "
                "used already or have expired: sign in again.",
                code="code_refused",
            ) from None
        except requests.RequestException:
            raise _unreachable(provider, "its token endpoint could not be reached") from None
        except ValueError:
            raise _unreachable(provider, "its token endpoint's answer could not be read") from None
    id_token = token.get("id_token")
    access_token = token.get("access_token") or ""
    if not isinstance(id_token, str) or not id_token:
        raise OIDCRefused(
            f"{provider.name} sent no ID token: ask the site to include the openid scope.",
            code="invalid_token",
        )
    claims = _id_token_claims(
        provider, metadata, id_token=id_token, nonce=pending.nonce, access_token=access_token
    )
    if any(_claim(claims, name) is None for name in _mapped_names(provider)):
        # Providers may keep the profile to the userinfo endpoint; the ID token's own claims win.
        info = _userinfo(provider, metadata, access_token=access_token, sub=claims["sub"])
        claims = {**info, **claims}
    account = oidc_account_claims(
        provider=provider, claims=claims, badge_for_subscribers=provider.site.subscriber_badge
    )
    try:
        return sso_account_sign_in(site=provider.site, claims=account)
    except OIDCRefused:
        raise
    except SSORefused as refusal:  # the address is another account's on the site
        raise OIDCRefused(refusal.message, code=refusal.code) from None
