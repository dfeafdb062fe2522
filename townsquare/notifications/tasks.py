"""Background tasks of the notifications app: thin wrappers that fetch by id and call a service."""

from __future__ import annotations

from django_tasks import task

from townsquare.notifications import mail


@task()
def reply_mail_task(*, delivery_id: int) -> bool:
    """Mail one reply to its subscriber (True when it went)."""
    return mail.reply_mail_send(delivery_id=delivery_id)


@task()
def reader_digest_task() -> int:
    """Periodic (READER_DIGEST_SECONDS): the readers' daily digests; how many were sent."""
    return mail.reader_digests_send()


@task()
def moderator_digest_task() -> int:
    """Periodic (MODERATOR_DIGEST_SECONDS): what waits in the queue, to every moderator."""
    return mail.moderator_digest_send()
