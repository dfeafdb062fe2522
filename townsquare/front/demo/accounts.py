"""The demo site's staff account, so a visitor can try the queue and the settings.

The account is in both staff roles, Moderator and Administrator: with it a visitor works the
queue and, in the admin, edits stories, publishes Terms versions and changes the word lists and
the moderation policy, as ``townsquare demo`` says. (Raw advertising HTML stays superuser-only.)
The password is generated once and kept in the data directory (readable only by its owner), so
every ``townsquare demo`` run prints the same working login.
"""

from __future__ import annotations

import os
import secrets
import string
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from townsquare.accounts.services import (
    ADMINISTRATOR_GROUP,
    MODERATOR_GROUP,
    moderator_create,
    staff_groups,
)

DEMO_MODERATOR_USERNAME = "moderator"
DEMO_MODERATOR_EMAIL = "moderator@example.com"
DEMO_MODERATOR_GROUPS = [MODERATOR_GROUP, ADMINISTRATOR_GROUP]
PASSWORD_FILE_NAME = "demo_moderator_password"
_PASSWORD_ALPHABET = string.ascii_lowercase + string.digits


def _password_file() -> Path:
    return Path(settings.DATA_DIR) / PASSWORD_FILE_NAME


def _new_password() -> str:
    """Four groups of four random letters and digits: easy to copy, far too long to guess."""
    groups = ("".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(4)) for _ in range(4))
    return "-".join(groups)


def _demo_password() -> str:
    path = _password_file()
    if path.exists():
        password = path.read_text().strip()
        if password:
            return password
    password = _new_password()
    # Write a new file with mode 0600 from the start, then move it into place, so the password is
    # never readable by other users, even briefly, and a crash never leaves half a file.
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(password + "\n")
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)
    return password


@transaction.atomic
def demo_moderator_ensure() -> tuple[str, str]:
    """Create the demo moderator, or bring it back to a working state; return (username, password).

    Idempotent: running it again keeps the same password, and restores it (and the account's staff
    flag, active flag and both staff groups) if someone changed them.
    """
    password = _demo_password()
    User = get_user_model()
    user = User.objects.filter(username=DEMO_MODERATOR_USERNAME).first()
    if user is None:
        moderator_create(
            username=DEMO_MODERATOR_USERNAME,
            email=DEMO_MODERATOR_EMAIL,
            password=password,
            administrator=True,
        )
        return DEMO_MODERATOR_USERNAME, password
    changed: list[str] = []
    if not user.check_password(password):
        user.set_password(password)
        changed.append("password")
    for flag in ("is_staff", "is_active"):
        if not getattr(user, flag):
            setattr(user, flag, True)
            changed.append(flag)
    if changed:
        user.save(update_fields=changed)
    user.groups.add(*staff_groups(DEMO_MODERATOR_GROUPS))
    return DEMO_MODERATOR_USERNAME, password
