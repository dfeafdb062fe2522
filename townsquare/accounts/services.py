"""Staff accounts: creating moderators and throttling sign-in attempts.

Roles are Django groups made by the ``createstaff_groups`` migration: a Moderator works the queue
and acts on commenters; an Administrator also changes settings, word lists and thresholds, and
manages the sites, their webhooks and staff API tokens (``0005_administrators_manage_sites_...``).
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import ngettext

from townsquare.accounts.models import ApiToken, SignInCount
from townsquare.lib.client import ip_network
from townsquare.lib.identity import keyed_hash

MODERATOR_GROUP = "Moderator"
ADMINISTRATOR_GROUP = "Administrator"


@transaction.atomic
def moderator_create(
    *, username: str, email: str, password: str, administrator: bool = False
) -> AbstractUser:
    """Create a staff account in the Moderator group (and Administrator, when asked).

    Raises ``ValidationError`` (with a message per field) for a taken or malformed username, a
    malformed e-mail address, or a password that Django's password validators reject. The account
    is ``is_staff`` so that it can also use the Django admin within its group's permissions.
    """
    User = get_user_model()
    username = username.strip()
    email = email.strip()
    errors: dict[str, list[str]] = {}

    if not username:
        errors["username"] = ["Enter a username."]
    else:
        try:
            User.username_validator(username)
        except ValidationError as error:
            errors["username"] = list(error.messages)
        else:
            if User.objects.filter(username__iexact=username).exists():
                errors["username"] = [f"The username “{username}” is already taken."]
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = ["Enter a valid e-mail address."]

    user = User(username=username, email=email, is_staff=True, is_active=True)
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        errors["password"] = list(error.messages)
    if errors:
        raise ValidationError(errors)

    user.set_password(password)
    user.save()
    groups = [MODERATOR_GROUP, ADMINISTRATOR_GROUP] if administrator else [MODERATOR_GROUP]
    user.groups.add(*staff_groups(groups))
    return user


def staff_groups(names: list[str]) -> list[Group]:
    found = list(Group.objects.filter(name__in=names))
    missing = set(names) - {group.name for group in found}
    if missing:
        # The groups come from a migration; a missing one means the database was not migrated.
        raise RuntimeError(
            f"Staff group(s) {', '.join(sorted(missing))} missing: run `townsquare migrate`."
        )
    return found


# --- Sign-in throttling -------------------------------------------------------------------------
#
# Lock the guesser, not the office. Every sign-in attempt is counted *before* its password is
# checked, in one atomic step (a row per key in ``SignInCount``), so however many guesses arrive
# at once, at most LOGIN_MAX_ATTEMPTS of them are ever checked: the rest are refused unseen.
#
# What an attempt counts against depends on the browser it comes from:
# - A browser where this account signed in before carries a signed staff-device cookie naming
#   the account. Its attempts count against that browser alone (LOGIN_MAX_ATTEMPTS), so a
#   moderator's own browser keeps signing in while someone elsewhere guesses at the account,
#   and while the office network is locked.
# - Any other browser counts against the username from every unknown browser together
#   (LOGIN_MAX_ATTEMPTS; the username is keyed by name, so guessing names that do not exist is
#   throttled too) and, loosely, against its network (LOGIN_MAX_ATTEMPTS_PER_NETWORK, an IPv4 /24
#   or IPv6 /48), as one office or mobile carrier shares an address.
# Past a limit that key is locked for LOGIN_LOCKOUT_SECONDS. A lockout only refuses new sign-ins:
# sessions already signed in carry on. A successful sign-in clears the count of the username or
# browser it used, and takes itself off the network's count (only failures count there), so
# knowing one password does not buy fresh guesses at other accounts.

STAFF_DEVICE_COOKIE = "ts_staff_device"
STAFF_DEVICE_MAX_AGE = 180 * 24 * 60 * 60  # seconds: a browser unused for half a year is unknown
_STAFF_DEVICE_SALT = "townsquare.accounts.staff-device"


class LoginThrottled(Exception):
    """Sign-in refused without checking the password, because of too many recent failures."""

    def __init__(self, *, retry_after_seconds: int) -> None:
        super().__init__(retry_after_seconds)
        self.retry_after_seconds = retry_after_seconds

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil(self.retry_after_seconds / 60))
        return ngettext(
            "Too many sign-in attempts. Try again in %(minutes)d minute.",
            "Too many sign-in attempts. Try again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class LoginAttempt:
    """An attempt counted by ``login_attempt_start``: the keys it counted against."""

    personal_key: str  # the username's (unknown browsers) or the known browser's
    network_key: str | None  # None for a known browser, and when the address is unknown


def _throttle_key(stem: str) -> str:
    return keyed_hash(stem, secret=settings.SECRET_KEY, purpose="login-throttle", length=64)


def _username_hash(username: str) -> str:
    return keyed_hash(
        username.strip().casefold(), secret=settings.SECRET_KEY, purpose="staff-device"
    )


def staff_device_token(*, username: str) -> str:
    """A new signed staff-device cookie value: this browser has signed in as ``username``."""
    return signing.dumps(
        [_username_hash(username), secrets.token_urlsafe(16)], salt=_STAFF_DEVICE_SALT
    )


def _known_browser(*, username: str, device_token: str) -> str | None:
    """The browser id a valid staff-device cookie carries for ``username``, else None."""
    if not device_token or len(device_token) > 300:
        return None
    try:
        user_hash, browser = signing.loads(
            device_token, salt=_STAFF_DEVICE_SALT, max_age=STAFF_DEVICE_MAX_AGE
        )
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(browser, str) or user_hash != _username_hash(username):
        return None
    return browser


def _count(*, key: str, now, window: timedelta) -> SignInCount:
    """Add one attempt to ``key`` (starting a new window when the last one ended); the row after.

    Runs inside the caller's transaction, which then holds the row until it ends.
    """
    while True:
        counted = SignInCount.objects.filter(key=key, window_ends__gt=now).update(
            attempts=F("attempts") + 1
        )
        if not counted:
            counted = SignInCount.objects.filter(key=key, window_ends__lte=now).update(
                attempts=1, window_ends=now + window, locked_until=None
            )
        if not counted:
            sign_in_counts_purge()  # a new key is the moment to drop ended ones
            try:
                with transaction.atomic():
                    SignInCount.objects.create(key=key, attempts=1, window_ends=now + window)
            except IntegrityError:  # another process created it first: count on that row
                continue
        return SignInCount.objects.get(key=key)


def login_attempt_start(*, username: str, ip: str, device_token: str = "") -> LoginAttempt:
    """Count a sign-in attempt; raise ``LoginThrottled`` if it may not check a password.

    Call before checking the password and pass the result to ``login_attempt_finish`` after.
    ``device_token`` is the browser's staff-device cookie, if any. The count is raised and read
    in one transaction, so simultaneous attempts are numbered one after another.
    """
    browser = _known_browser(username=username, device_token=device_token)
    if browser:
        limits = {_throttle_key(f"browser:{browser}"): settings.LOGIN_MAX_ATTEMPTS}
        attempt = LoginAttempt(personal_key=next(iter(limits)), network_key=None)
    else:
        personal = _throttle_key(f"user:{username.strip().casefold()}")
        limits = {personal: settings.LOGIN_MAX_ATTEMPTS}
        network = ip_network(ip)
        network_key = _throttle_key(f"network:{network}") if network else None
        if network_key:
            limits[network_key] = settings.LOGIN_MAX_ATTEMPTS_PER_NETWORK
        attempt = LoginAttempt(personal_key=personal, network_key=network_key)

    now = timezone.now()
    window = timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    with transaction.atomic():
        rows = [_count(key=key, now=now, window=window) for key in sorted(limits)]
        locked = [row for row in rows if row.locked_until and row.locked_until > now]
        over = [row for row in rows if row.attempts > limits[row.key] and row not in locked]
        if over:
            # The first attempt past the limit starts the lockout; the window lasts as long.
            SignInCount.objects.filter(key__in=[row.key for row in over]).update(
                locked_until=now + window, window_ends=now + window
            )
        if locked or over:
            # A refused attempt checks no password, so it does not count.
            SignInCount.objects.filter(key__in=limits).update(attempts=F("attempts") - 1)
    if locked or over:
        until = max([row.locked_until for row in locked] + ([now + window] if over else []))
        raise LoginThrottled(retry_after_seconds=max(1, math.ceil((until - now).total_seconds())))
    return attempt


def login_attempt_finish(*, attempt: LoginAttempt, succeeded: bool) -> None:
    """After the password check: a failure stays counted; a success clears its count."""
    if not succeeded:
        return
    SignInCount.objects.filter(key=attempt.personal_key).delete()
    if attempt.network_key:
        SignInCount.objects.filter(key=attempt.network_key, attempts__gt=0).update(
            attempts=F("attempts") - 1
        )


def sign_in_counts_purge() -> int:
    """Delete counts whose window and lockout have ended; returns how many."""
    now = timezone.now()
    deleted, _ = (
        SignInCount.objects.filter(window_ends__lte=now).exclude(locked_until__gt=now).delete()
    )
    return deleted


# --- Staff API tokens ---------------------------------------------------------------------------
#
# A token is "ts_" and 40 random URL-safe characters; only its SHA-256 is stored (a token has
# 240 bits of randomness, so an unsalted fast hash is as good as a slow one here, and lets the
# lookup use an index). Made in the admin, shown once, revoked there.

API_TOKEN_PREFIX = "ts_"
API_TOKEN_MAX_LENGTH = 100


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user, name: str, scopes: list[str]) -> tuple[ApiToken, str]:
    """A new token for ``user`` with ``scopes``; returns (the record, the token to show once).

    Raises ``ValidationError`` for an unknown scope, no scope, an empty name, or a user who is
    not active staff.
    """
    errors: dict[str, list[str]] = {}
    name = " ".join((name or "").split())[:100]
    if not name:
        errors["name"] = ["Say what the token is for."]
    scopes = list(dict.fromkeys(scopes or []))
    unknown = [s for s in scopes if s not in ApiToken.Scope.values]
    if unknown or not scopes:
        errors["scopes"] = [f"Choose scopes from: {', '.join(ApiToken.Scope.values)}."]
    if not (user.is_active and user.is_staff):
        errors["user"] = ["Only active staff accounts get API tokens."]
    if errors:
        raise ValidationError(errors)
    token = API_TOKEN_PREFIX + secrets.token_urlsafe(30)
    record = ApiToken.objects.create(
        user=user,
        name=name,
        scopes=scopes,
        prefix=token[:10],
        token_hash=_token_hash(token),
    )
    return record, token


def api_token_revoke(*, token: ApiToken) -> bool:
    """Revoke ``token`` now; False when it was already revoked."""
    return bool(
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def api_token_authenticate(*, token: str) -> ApiToken | None:
    """The live token record for a presented token (with its active user), else None."""
    if not token or len(token) > API_TOKEN_MAX_LENGTH or not token.startswith(API_TOKEN_PREFIX):
        return None
    record = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=_token_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if record is None:
        return None
    now = timezone.now()
    if record.last_used_at is None or now - record.last_used_at > timedelta(minutes=1):
        # Written at most once a minute per token: "last used" for the admin, not a hot write.
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record
