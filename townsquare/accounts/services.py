"""Staff accounts: creating moderators and throttling sign-in attempts.

Roles are Django groups made by the ``createstaff_groups`` migration: a Moderator works the queue
and acts on commenters; an Administrator also changes settings, word lists and thresholds, and
manages the sites, their webhooks and staff API tokens (``0005_administrators_manage_sites_...``).
"""

from __future__ import annotations

import hashlib
import math
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from townsquare.accounts.models import ApiToken
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
# Failed sign-ins are counted per username (strictly: LOGIN_MAX_ATTEMPTS) and per network
# (loosely: LOGIN_MAX_ATTEMPTS_PER_NETWORK, as a whole office or mobile carrier can share one
# address and its moderators must not lock each other out). Counts live in Django's cache, which
# is shared by every web process (the database cache by default, Redis when REDIS_URL is set), so
# the limit is the same however many workers run and survives a restart. Past a limit, that
# username or network is locked out for LOGIN_LOCKOUT_SECONDS. The username is keyed by name,
# not by account, so guessing names that do not exist is throttled too. A successful sign-in
# clears its username's count but not its network's, so knowing one password does not buy an
# attacker fresh guesses at other accounts.


class LoginThrottled(Exception):
    """Sign-in refused without checking the password, because of too many recent failures."""

    def __init__(self, *, retry_after_seconds: int) -> None:
        super().__init__(retry_after_seconds)
        self.retry_after_seconds = retry_after_seconds

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil(self.retry_after_seconds / 60))
        unit = "minute" if minutes == 1 else "minutes"
        return f"Too many sign-in attempts. Try again in {minutes} {unit}."

    def __str__(self) -> str:
        return self.message


def _throttle_keys(*, username: str, ip: str) -> list[tuple[str, int]]:
    """(cache key stem, failures allowed) for this username and network.

    Hashed so any typed text makes a valid key.
    """
    stems = [(f"user:{username.strip().casefold()}", settings.LOGIN_MAX_ATTEMPTS)]
    network = ip_network(ip)
    if network:
        stems.append((f"network:{network}", settings.LOGIN_MAX_ATTEMPTS_PER_NETWORK))
    return [
        (
            "townsquare:login:"
            + keyed_hash(stem, secret=settings.SECRET_KEY, purpose="login-throttle"),
            allowed,
        )
        for stem, allowed in stems
    ]


def login_attempt_check(*, username: str, ip: str) -> None:
    """Raise ``LoginThrottled`` if this username or network is locked out; call before checking."""
    now = time.time()
    locked_until = cache.get_many(
        [f"{key}:locked-until" for key, _ in _throttle_keys(username=username, ip=ip)]
    )
    latest = max(locked_until.values(), default=0)
    if latest > now:
        raise LoginThrottled(retry_after_seconds=math.ceil(latest - now))


def login_attempt_record(*, username: str, ip: str, succeeded: bool) -> None:
    """Count a failed sign-in (locking out at the limit), or clear the username's count."""
    (user_key, _), *_ = keys = _throttle_keys(username=username, ip=ip)
    window = settings.LOGIN_LOCKOUT_SECONDS
    if succeeded:
        cache.delete(f"{user_key}:failures")
        return
    for key, allowed in keys:
        # add() starts the window at the first failure; incr() keeps the existing expiry.
        cache.add(f"{key}:failures", 0, timeout=window)
        try:
            failures = cache.incr(f"{key}:failures")
        except ValueError:  # the count expired between add() and incr(): start a new window
            cache.set(f"{key}:failures", 1, timeout=window)
            failures = 1
        if failures >= allowed:
            cache.set(f"{key}:locked-until", time.time() + window, timeout=window)
            cache.delete(f"{key}:failures")


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
