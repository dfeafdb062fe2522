"""The webhook delivery task: thin, as tasks are here (fetch by id, call the service)."""

from __future__ import annotations

from django_tasks import task

from townsquare.webhooks.services import webhook_attempt


@task()
def webhook_deliver_task(*, delivery_id: int) -> str | None:
    """One attempt at a webhook delivery; schedules the next one itself when it fails."""
    return webhook_attempt(delivery_id=delivery_id)
