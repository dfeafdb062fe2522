"""Raw IP retention: commenters' IP addresses are erased after ``IP_RETENTION_DAYS``.

The raw address is kept only for the first days after a comment, when a moderator may need it to
deal with abuse; the keyed ``ip_hash`` stays, so ban-evasion matching keeps working without it.
Operators run ``townsquare expire_ips`` daily (cron or a systemd timer); anything that enqueues
tasks can instead enqueue ``raw_ips_expire_task`` for the task worker to run.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from townsquare.comments.models import Comment


@transaction.atomic
def raw_ips_expire(*, now: datetime | None = None) -> int:
    """Erase ``raw_ip`` on comments older than ``IP_RETENTION_DAYS``; return how many were erased.

    One conditional UPDATE (it does not touch ``updated_at``: erasing an address is not an edit).
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.IP_RETENTION_DAYS)
    return Comment.objects.filter(raw_ip__isnull=False, created_at__lt=cutoff).update(raw_ip=None)


@task()
def raw_ips_expire_task() -> int:
    """Task wrapper around :func:`raw_ips_expire`."""
    return raw_ips_expire()
