"""Single sign-on with the newsroom's own accounts: Coral-compatible JWTs (docs/identity.md).

The newsroom's server mints a token for its signed-in reader, HMAC-signed (HS256, HS384 or
HS512, nothing else) with one of the site's secrets (``SSOSecret``, named by the ``kid``
header). ``sso_token_read`` checks it with joserfc (Authlib's JOSE library): the algorithm
against the three allowed, the signature against the site's live secrets, then the claims —
``exp`` (or, as Coral allows, none and an ``iat`` less than ``NO_EXP_LIFETIME_SECONDS``
old), ``iat`` and ``nbf`` within ``CLOCK_LEEWAY_SECONDS``, a ``jti`` not signed out, and
``user.{id, email, username}`` with the optional ``badges``, ``role``, ``url`` and
``avatar``. Any failure raises ``SSORefused`` with a message for the newsroom's developer, and
writes nothing.

``sso_sign_in`` then records the account (``SSOIdentity``: one id and one address per site; a
newer ``iat`` updates the profile) and starts the same reader session an e-mailed link starts,
so a signed-in reader is a verified reader everywhere. ``sso_sign_out`` ends it and records the
token's ``jti`` as signed out (in the database, which every process shares).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from joserfc import jwt
from joserfc.errors import BadSignatureError, JoseError
from joserfc.jwk import OctKey
from joserfc.jws import extract_compact

from townsquare.lib.identity import normalise_email
from townsquare.readers.models import ReaderSession, SSOIdentity, SSORevokedToken, SSOSecret
from townsquare.readers.services import reader_session_revoke, reader_session_start
from townsquare.sites.models import Site

# The only algorithms a token may name: HMAC with the site's shared secret. Anything else —
# "none", or RS256/ES256 with the secret offered as a "public key" — is refused before any key
# is looked at, and joserfc is told the same list.
HMAC_ALGORITHMS = ("HS256", "HS384", "HS512")
# Clocks differ: an ``exp`` just past, or an ``iat``/``nbf`` just ahead, is still accepted.
CLOCK_LEEWAY_SECONDS = 60
# Coral takes a token without ``exp``; so do we, so that a newsroom's Coral code works unchanged,
# but not for ever: such a token works for this long after its ``iat`` (which it then needs).
NO_EXP_LIFETIME_SECONDS = 3600
TOKEN_MAX_CHARS = 8192
BADGES_MAX = 20
BADGE_MAX_CHARS = 40
SECRET_MIN_CHARS = 32


class SSORefused(Exception):
    """A token that cannot sign anyone in; ``message`` says why, for the newsroom's developer.

    ``code``: ``invalid_token`` (malformed, a claim missing or wrong), ``algorithm_refused``,
    ``unknown_key``, ``bad_signature``, ``expired``, ``not_yet_valid``, ``signed_out``,
    ``email_taken``, ``email_mismatch``, ``sso_off`` (the site has no secret).
    """

    def __init__(self, message: str, *, code: str = "invalid_token") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class SSOClaims:
    subject: str
    email: str
    username: str
    badges: list[str]
    role: str
    profile_url: str
    avatar_url: str
    jti: str
    expires_at: datetime
    issued_at: datetime | None
    # Empty for the newsroom's tokens; an OpenID provider's issuer for its accounts
    # (``readers.oidc``), whose ``sub`` is then the subject.
    issuer: str = ""


def _moment(claims: dict[str, Any], name: str, *, required: bool) -> datetime | None:
    value = claims.get(name)
    if value is None:
        if required:
            raise SSORefused(f"The token has no `{name}` claim; it is required.")
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SSORefused(f"The token's `{name}` must be a number of seconds since the epoch.")
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise SSORefused(f"The token's `{name}` is not a time.") from None


def _text(user: dict[str, Any], name: str, *, limit: int, required: bool) -> str:
    value = user.get(name)
    if value is None or value == "":
        if required:
            raise SSORefused(f"The token has no `user.{name}` claim; it is required.")
        return ""
    if name == "id" and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise SSORefused(f"The token's `user.{name}` must be a string.")
    value = " ".join(value.split())
    if not value or len(value) > limit or any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise SSORefused(f"The token's `user.{name}` must be 1 to {limit} printable characters.")
    return value


def _link(user: dict[str, Any], name: str) -> str:
    value = _text(user, name, limit=300, required=False)
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise SSORefused(f"The token's `user.{name}` must be an http(s) URL.") from None
    return value


def _badges(user: dict[str, Any]) -> list[str]:
    value = user.get("badges")
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > BADGES_MAX:
        raise SSORefused(f"The token's `user.badges` must be a list of at most {BADGES_MAX}.")
    badges: list[str] = []
    for badge in value:
        if (
            not isinstance(badge, str)
            or not badge.strip()
            or len(badge) > BADGE_MAX_CHARS
            or any(ord(c) < 32 or ord(c) == 127 for c in badge)
        ):
            raise SSORefused(
                f"Each of `user.badges` must be 1 to {BADGE_MAX_CHARS} printable characters."
            )
        if badge.strip() not in badges:
            badges.append(badge.strip())
    return badges


def _claims_checked(claims: dict[str, Any], *, now: datetime, for_sign_out: bool) -> SSOClaims:
    leeway = timedelta(seconds=CLOCK_LEEWAY_SECONDS)
    issued_at = _moment(claims, "iat", required=False)
    expires_at = _moment(claims, "exp", required=False)
    if expires_at is None:
        if issued_at is None:
            raise SSORefused(
                "The token has neither `exp` nor `iat`: give it `exp` (recommended), or at least "
                f"`iat` (it then works for {NO_EXP_LIFETIME_SECONDS // 60} minutes)."
            )
        expires_at = issued_at + timedelta(seconds=NO_EXP_LIFETIME_SECONDS)
    not_before = _moment(claims, "nbf", required=False)
    if not for_sign_out:
        if expires_at + leeway <= now:
            raise SSORefused(
                f"The token expired at {expires_at:%Y-%m-%d %H:%M:%S} UTC; mint a new one.",
                code="expired",
            )
        if issued_at is not None and issued_at > now + leeway:
            raise SSORefused(
                "The token's `iat` is in the future: check the clock of the server minting it.",
                code="not_yet_valid",
            )
        if not_before is not None and not_before > now + leeway:
            raise SSORefused("The token is not valid yet (`nbf`).", code="not_yet_valid")
    jti = claims.get("jti", "")
    if jti is None:
        jti = ""
    if not isinstance(jti, str) or len(jti) > 255:
        raise SSORefused("The token's `jti` must be a string of at most 255 characters.")
    user = claims.get("user")
    if not isinstance(user, dict):
        raise SSORefused("The token has no `user` claim (an object); it is required.")
    email = normalise_email(_text(user, "email", limit=254, required=True))
    try:
        validate_email(email)
    except ValidationError:
        raise SSORefused("The token's `user.email` is not an e-mail address.") from None
    role = user.get("role") or SSOIdentity.Role.COMMENTER
    if role not in SSOIdentity.Role.values:
        raise SSORefused(
            "The token's `user.role` must be one of " + ", ".join(SSOIdentity.Role.values) + "."
        )
    return SSOClaims(
        subject=_text(user, "id", limit=255, required=True),
        email=email,
        username=_text(user, "username", limit=100, required=True),
        badges=_badges(user),
        role=role,
        profile_url=_link(user, "url"),
        avatar_url=_link(user, "avatar"),
        jti=jti,
        expires_at=expires_at,
        issued_at=issued_at,
    )


def _header(token: str) -> dict[str, Any]:
    if not isinstance(token, str) or not token or len(token) > TOKEN_MAX_CHARS:
        raise SSORefused(f"Send the token as a string of at most {TOKEN_MAX_CHARS} characters.")
    if token.count(".") != 2:
        raise SSORefused("The token is not a signed JWT (three dot-separated parts).")
    try:
        header = extract_compact(token.encode()).headers()
    except (JoseError, ValueError, TypeError):
        raise SSORefused("The token could not be read: it is not a JWT.") from None
    if not isinstance(header, dict):
        raise SSORefused("The token's header could not be read.")
    return header


def _secrets_for(*, site: Site, header: dict[str, Any], now: datetime) -> list[SSOSecret]:
    kid = header.get("kid")
    mine = SSOSecret.objects.filter(site=site)
    if kid is None:
        # Coral's tokens may carry no kid: try the site's live secrets (a handful at most).
        found = list(mine.live(now=now).order_by("-created_at")[:10])
        if not found:
            raise SSORefused("Single sign-on is not set up for this site.", code="sso_off")
        return found
    if not isinstance(kid, str) or len(kid) > 64:
        raise SSORefused("The token's `kid` header must be a short string.", code="unknown_key")
    secret = mine.filter(kid=kid).first()
    if secret is None:
        raise SSORefused(
            f"No secret of this site has the key id (kid) {kid!r}.", code="unknown_key"
        )
    if secret.expires_at is not None and secret.expires_at <= now:
        raise SSORefused(
            f"The secret with key id {kid!r} was retired at {secret.expires_at:%Y-%m-%d %H:%M} "
            "UTC; sign tokens with the site's current secret.",
            code="unknown_key",
        )
    return [secret]


def sso_token_read(*, site: Site, token: str, for_sign_out: bool = False) -> SSOClaims:
    """Check a sign-on token for ``site`` and return its claims; raises ``SSORefused``.

    ``for_sign_out`` skips what does not matter for signing a token out (its expiry, its
    ``iat``, whether it was signed out already); the signature and claims are checked as ever.
    Reads only.
    """
    now = timezone.now()
    header = _header(token)
    alg = header.get("alg")
    if alg not in HMAC_ALGORITHMS:
        shown = alg if isinstance(alg, str) and len(alg) < 20 else "?"
        raise SSORefused(
            f"Sign-on tokens must be signed with HS256, HS384 or HS512, not {shown}.",
            code="algorithm_refused",
        )
    if header.get("crit") is not None or header.get("b64") is not None:
        raise SSORefused("The token's header asks for extensions we do not support (crit, b64).")
    decoded = None
    for secret in _secrets_for(site=site, header=header, now=now):
        try:
            decoded = jwt.decode(token, OctKey.import_key(secret.secret), algorithms=[alg])
        except BadSignatureError:
            continue
        except (JoseError, ValueError, TypeError):
            raise SSORefused("The token could not be read: its payload is not JSON.") from None
        break
    if decoded is None:
        raise SSORefused(
            "The token's signature does not match this site's secret.", code="bad_signature"
        )
    claims = _claims_checked(dict(decoded.claims), now=now, for_sign_out=for_sign_out)
    if (
        not for_sign_out
        and claims.jti
        and SSORevokedToken.objects.filter(site=site, jti=claims.jti).exists()
    ):
        raise SSORefused(
            "This token was signed out; mint a new one (with a new `jti`).", code="signed_out"
        )
    return claims


# --- Accounts and sessions -------------------------------------------------------------------


@dataclass(frozen=True)
class SSOSignIn:
    identity: SSOIdentity
    session: ReaderSession
    session_token: str


def _identity_record(*, site: Site, claims: SSOClaims) -> SSOIdentity:
    mine = SSOIdentity.objects.filter(site=site, issuer=claims.issuer)
    taken = (
        SSOIdentity.objects.filter(site=site, email=claims.email)
        .exclude(issuer=claims.issuer, subject=claims.subject)
        .exists()
    )
    if taken and claims.issuer:
        raise SSORefused(
            "This e-mail address already belongs to another account on this site (signed in "
            "with the newsroom's own sign-on, or another account at this provider). An address "
            "is one account's here: sign in the way you did before.",
            code="email_taken",
        )
    if taken:
        raise SSORefused(
            "This token's e-mail address belongs to another account (another `user.id`) on "
            "this site. An address is one account's: sign that account in, or change its "
            "address first (a token for it with the new address and a newer `iat`).",
            code="email_taken",
        )
    identity = mine.select_for_update().filter(subject=claims.subject).first()
    profile = {
        "username": claims.username,
        "badges": claims.badges,
        "role": claims.role,
        "profile_url": claims.profile_url,
        "avatar_url": claims.avatar_url,
        "issued_at": claims.issued_at,
    }
    if identity is None:
        try:
            with transaction.atomic():
                return SSOIdentity.objects.create(
                    site=site,
                    issuer=claims.issuer,
                    subject=claims.subject,
                    email=claims.email,
                    **profile,
                )
        except IntegrityError:
            # The same account signing in twice at once: the other request made it.
            identity = mine.select_for_update().get(subject=claims.subject)
    newer = claims.issued_at is not None and (
        identity.issued_at is None or claims.issued_at > identity.issued_at
    )
    if claims.email != identity.email and not newer:
        raise SSORefused(
            "This account signed in here with another e-mail address. To change it, send a "
            "token with the new address and an `iat` newer than the last one's.",
            code="email_mismatch",
        )
    if not newer:
        return identity
    if claims.email != identity.email:
        # The account moves to its new address; what was said or decided under the old one
        # (a ban) stays with the account, and the old address's sessions end.
        identity.previous_emails = [*identity.previous_emails, identity.email][-20:]
        ReaderSession.objects.filter(
            sso_identity=identity, email=identity.email, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        identity.email = claims.email
    for name, value in profile.items():
        setattr(identity, name, value)
    identity.save()
    return identity


@transaction.atomic
def sso_sign_in(*, site: Site, token: str) -> SSOSignIn:
    """Sign a reader in with a newsroom token: the account, a reader session and its token.

    Raises ``SSORefused`` (nothing written) for a token that cannot be used, or whose address
    belongs to another account on the site.
    """
    return sso_account_sign_in(site=site, claims=sso_token_read(site=site, token=token))


@transaction.atomic
def sso_account_sign_in(*, site: Site, claims: SSOClaims) -> SSOSignIn:
    """Record the account that ``claims`` (checked already: a newsroom token's, or an OpenID
    provider's, ``readers.oidc``) describe and start its reader session.

    Raises ``SSORefused`` (nothing written) when the address belongs to another account on the
    site, or the account comes with another address and no newer ``iat``.
    """
    identity = _identity_record(site=site, claims=claims)
    session, session_token = reader_session_start(
        email=identity.email, sso_identity=identity, sso_jti=claims.jti
    )
    return SSOSignIn(identity=identity, session=session, session_token=session_token)


@transaction.atomic
def sso_sign_out(*, site: Site, token: str = "", session: ReaderSession | None = None) -> int:
    """Sign out: end ``session`` and, when it or ``token`` carries a ``jti``, refuse that token
    from now on (every session it started ends too). How many sessions ended.

    A ``token`` must be one of the site's (signature and claims checked; it may have expired).
    """
    jtis: dict[str, datetime | None] = {}
    if token:
        claims = sso_token_read(site=site, token=token, for_sign_out=True)
        if claims.jti:
            jtis[claims.jti] = claims.expires_at
    ended = 0
    if session is not None:
        ended += int(reader_session_revoke(session=session))
        mine = SSOIdentity.objects.filter(pk=session.sso_identity_id, site=site)
        if session.sso_jti and session.sso_identity_id and mine.exists():
            jtis.setdefault(session.sso_jti, None)
    for jti, expires_at in jtis.items():
        SSORevokedToken.objects.get_or_create(
            site=site, jti=jti, defaults={"expires_at": expires_at}
        )
        ended += ReaderSession.objects.filter(
            sso_jti=jti, sso_identity__site=site, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
    return ended


def sso_revoked_tokens_expire(*, now: datetime | None = None) -> int:
    """Forget signed-out ``jti``s whose token has ended (past its ``exp`` and the clock leeway):
    such a token is refused as expired anyway. How many rows went.

    A ``jti`` signed out by its session alone (no token sent) has no known end and is kept.
    """
    cutoff = (now or timezone.now()) - timedelta(seconds=CLOCK_LEEWAY_SECONDS)
    return SSORevokedToken.objects.filter(expires_at__lt=cutoff).delete()[0]


@transaction.atomic
def sso_secret_rotate(*, site: Site, overlap: timedelta) -> SSOSecret:
    """Give ``site`` a new secret; its live secrets keep working for ``overlap``, then end.

    A secret that already ends sooner keeps its end. The new secret is random (the newsroom
    copies it, with its kid, from the admin).
    """
    if overlap < timedelta(0):
        raise ValueError("the overlap cannot be negative")
    ends = timezone.now() + overlap
    live = SSOSecret.objects.select_for_update().filter(site=site).live()
    live.filter(expires_at__isnull=True).update(expires_at=ends)
    live.filter(expires_at__gt=ends).update(expires_at=ends)
    return SSOSecret.objects.create(site=site, secret=secrets.token_urlsafe(48))


def sso_secret_check(*, secret: str) -> None:
    """Refuse a secret too short to sign with (``ValidationError``), for the admin's form."""
    if len(secret or "") < SECRET_MIN_CHARS:
        raise ValidationError(f"A secret has at least {SECRET_MIN_CHARS} characters.")
