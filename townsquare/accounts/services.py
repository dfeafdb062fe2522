"""Staff accounts: creating moderators and throttling sign-in attempts.

Roles are Django groups made by the ``createstaff_groups`` migration: a Moderator works the queue
and acts on commenters; an Administrator also changes settings, word lists and thresholds.
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

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
# Failed sign-ins are counted per username and per client IP in Django's cache (Redis when
# REDIS_URL is set, so every web process shares the counts; per-process memory otherwise). After
# LOGIN_MAX_ATTEMPTS failures within LOGIN_LOCKOUT_SECONDS, that username or IP is locked out for
# LOGIN_LOCKOUT_SECONDS. The username is keyed by name, not by account, so guessing names that do
# not exist is throttled too. A successful sign-in clears its username's count but not its IP's,
# so knowing one password does not buy an attacker fresh guesses at other accounts.


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


def _throttle_keys(*, username: str, ip: str) -> list[str]:
    """Cache key stems for this username and IP; hashed so any typed text makes a valid key."""
    stems = [f"user:{username.strip().casefold()}"]
    if ip:
        stems.append(f"ip:{ip}")
    return [
        "townsquare:login:" + keyed_hash(stem, secret=settings.SECRET_KEY, purpose="login-throttle")
        for stem in stems
    ]


def login_attempt_check(*, username: str, ip: str) -> None:
    """Raise ``LoginThrottled`` if this username or IP is locked out; call before authenticating."""
    now = time.time()
    locked_until = cache.get_many(
        [f"{key}:locked-until" for key in _throttle_keys(username=username, ip=ip)]
    )
    latest = max(locked_until.values(), default=0)
    if latest > now:
        raise LoginThrottled(retry_after_seconds=math.ceil(latest - now))


def login_attempt_record(*, username: str, ip: str, succeeded: bool) -> None:
    """Count a failed sign-in (locking out at the limit), or clear the username's count."""
    user_key, *ip_keys = _throttle_keys(username=username, ip=ip)
    window = settings.LOGIN_LOCKOUT_SECONDS
    if succeeded:
        cache.delete(f"{user_key}:failures")
        return
    for key in (user_key, *ip_keys):
        # add() starts the window at the first failure; incr() keeps the existing expiry.
        cache.add(f"{key}:failures", 0, timeout=window)
        try:
            failures = cache.incr(f"{key}:failures")
        except ValueError:  # the count expired between add() and incr(): start a new window
            cache.set(f"{key}:failures", 1, timeout=window)
            failures = 1
        if failures >= settings.LOGIN_MAX_ATTEMPTS:
            cache.set(f"{key}:locked-until", time.time() + window, timeout=window)
            cache.delete(f"{key}:failures")
