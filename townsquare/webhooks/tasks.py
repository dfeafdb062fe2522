"""The webhook tasks: thin, as tasks are here (fetch by id, call the service)."""

from __future__ import annotations

from django_tasks import task

from townsquare.webhooks.services import webhook_attempt, webhook_deliveries_sweep


@task()
def webhook_deliver_task(*, delivery_id: int, attempt: int | None = None) -> str | None:
    """One attempt at a webhook delivery; schedules the next one itself when it fails.

    ``attempt``: how many attempts had been made when this task was queued (absent from tasks
    queued before it existed: those attempt whenever the delivery is due).
    """
    return webhook_attempt(delivery_id=delivery_id, attempt=attempt)


@task()
def webhook_deliveries_sweep_task() -> dict[str, int]:
    """Send every delivery whose attempt is overdue (a periodic job: ``apps.py``)."""
    return webhook_deliveries_sweep()
