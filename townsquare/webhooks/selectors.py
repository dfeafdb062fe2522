"""Reads about webhooks: whether this installation can retry, and a delivery's status in words."""

from __future__ import annotations

from townsquare.webhooks.models import WebhookDelivery


def webhook_retries_possible() -> bool:
    """Whether the task backend can run a retry later (the demo's immediate one cannot)."""
    from townsquare.webhooks.tasks import webhook_deliver_task

    return webhook_deliver_task.get_backend().supports_defer


def webhook_delivery_status_text(delivery: WebhookDelivery) -> str:
    """The delivery's status in words that are true of this installation's task backend."""
    if delivery.status != WebhookDelivery.Status.RETRYING:
        return delivery.get_status_display()
    if webhook_retries_possible():
        return "Failed; will be retried by the task worker"
    return (
        "Failed; not retried: this task backend runs each task at once and has no worker "
        "to retry it later (use “Deliver again”)"
    )
