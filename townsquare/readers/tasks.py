"""Background tasks of the readers app: thin wrappers that fetch by id and call a service."""

from __future__ import annotations

from django_tasks import task

from townsquare.readers.mail import verification_mail_send
from townsquare.readers.sso import sso_revoked_tokens_expire


@task()
def verification_mail_task(*, verification_id: int, language: str = "") -> bool:
    """Send the verification link (True when a mail went out), in the reader's language."""
    return verification_mail_send(verification_id=verification_id, language=language)


@task()
def sso_revoked_tokens_expire_task() -> int:
    """Daily (ReadersConfig.ready() registers it): forget signed-out tokens that have ended."""
    return sso_revoked_tokens_expire()
