"""Webhook deliveries: one per subscribed webhook and event, signed, retried with backoff.

``webhook_event_handle`` is called (through ``settings.EVENT_HANDLERS``) once the change an
event describes has committed. It builds the event's JSON body once — the comment as the public
API shows it, the story, the decision or the report — logs one ``WebhookDelivery`` per active
webhook of the site that subscribes to the event, and enqueues a delivery task for each.

Each attempt POSTs the body with three headers: ``Townsquare-Event``, ``Townsquare-Delivery``
(the same on every retry, for the receiver to drop duplicates) and ``Townsquare-Timestamp``, and
``Townsquare-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>``. A 2xx answer
delivers it; anything else (an error status, a refused connection, a timeout after
``WEBHOOK_TIMEOUT`` seconds) schedules another attempt after ``WEBHOOK_RETRY_SECONDS`` × 4ⁿ,
until ``WEBHOOK_MAX_ATTEMPTS``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from townsquare.comments.models import Comment
from townsquare.comments.public import comment_public, story_public
from townsquare.lib.events import COMMENT_DECIDED, REPORT_CREATED
from townsquare.sites.models import Site
from townsquare.webhooks.models import Webhook, WebhookDelivery

logger = logging.getLogger(__name__)

USER_AGENT = "Townsquare-Webhooks/1"
RESPONSE_READ_BYTES = 1024  # enough of the answer to show in the log


def webhook_signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """``sha256=<hex>``: HMAC-SHA256 with the webhook's secret over ``"<timestamp>.<body>"``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def _comment_data(comment_id: int) -> dict[str, Any] | None:
    comment = (
        Comment.objects.select_related("story", "commenter", "reply_to")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        return None
    public = comment_public(comment)
    # The site's own systems also hear of comments readers do not see (held, rejected): their
    # text is the author's, shown as to a moderator; the tombstone rule still applies.
    return {"comment": public, "story": story_public(comment.story)}


def event_payload(*, name: str, site: Site, data: dict[str, Any]) -> dict[str, Any] | None:
    """The JSON body for an event, or None when what it is about is gone already."""
    body = _comment_data(data["comment_id"])
    if body is None:
        return None
    if name == COMMENT_DECIDED:
        body["decision"] = {
            key: data.get(key, "")
            for key in ("action", "status_before", "status_after", "reason", "decided_by")
        }
    elif name == REPORT_CREATED:
        body["report"] = {
            "id": data["report_id"],
            "reason": data["reason"],
            "details": data.get("details", ""),
        }
    return {
        "id": str(uuid.uuid4()),
        "event": name,
        "created_at": timezone.now().isoformat(),
        "site": {"slug": site.slug, "name": site.name},
        "data": body,
    }


def webhooks_for_event(*, site_id: int, name: str) -> list[Webhook]:
    """The site's active webhooks that subscribe to ``name`` (a site has a handful)."""
    return [
        hook
        for hook in Webhook.objects.filter(site_id=site_id, active=True)
        if name in (hook.events or [])
    ]


def webhook_event_handle(*, name: str, site_id: int, data: dict[str, Any]) -> list[int]:
    """Log and enqueue a delivery of event ``name`` to each subscribed webhook; their ids."""
    hooks = webhooks_for_event(site_id=site_id, name=name)
    if not hooks:
        return []
    site = Site.objects.get(pk=site_id)
    payload = event_payload(name=name, site=site, data=data)
    if payload is None:
        return []
    ids = []
    with transaction.atomic():
        for hook in hooks:
            delivery = WebhookDelivery.objects.create(webhook=hook, event=name, payload=payload)
            ids.append(delivery.pk)
        transaction.on_commit(lambda: [_enqueue(pk) for pk in ids], robust=True)
    return ids


def _enqueue(delivery_id: int, *, run_after=None) -> None:
    from townsquare.webhooks.tasks import webhook_deliver_task

    task = webhook_deliver_task.using(run_after=run_after) if run_after else webhook_deliver_task
    task.enqueue(delivery_id=delivery_id)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt: 30 s, 2 min, 8 min, …"""
    return timedelta(seconds=settings.WEBHOOK_RETRY_SECONDS * 4 ** max(0, attempts - 1))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect would turn the POST into a GET without the body (or send it somewhere the
    # administrator never named); the receiver's URL must answer itself.
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def _post(*, url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str]:
    """(HTTP status or None, error text) of one POST."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT) as response:
            response.read(RESPONSE_READ_BYTES)
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}: {error.read(RESPONSE_READ_BYTES)[:200]!r}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return None, f"{type(error).__name__}: {reason}"[:500]


def webhook_attempt(*, delivery_id: int) -> str | None:
    """Make one attempt at a delivery that is due; its status afterwards (None: not due).

    The attempt is claimed with a conditional update, so two workers never send it twice at
    once, and a delivered (or abandoned) one is never sent again.
    """
    now = timezone.now()
    claimed = (
        WebhookDelivery.objects.filter(
            pk=delivery_id,
            status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING],
        )
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(attempts=F("attempts") + 1, last_attempt_at=now, next_attempt_at=None)
    )
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)
    hook = delivery.webhook
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    timestamp = int(time.time())
    status, error = _post(
        url=hook.url,
        body=body,
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "Townsquare-Event": delivery.event,
            "Townsquare-Delivery": str(delivery.delivery_id),
            "Townsquare-Timestamp": str(timestamp),
            "Townsquare-Signature": webhook_signature(
                secret=hook.secret, timestamp=timestamp, body=body
            ),
        },
    )
    fields = {"response_status": status, "last_error": error}
    if status is not None and 200 <= status < 300:
        fields.update(status=WebhookDelivery.Status.DELIVERED, delivered_at=timezone.now())
    elif not hook.active or delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        fields.update(status=WebhookDelivery.Status.GAVE_UP)
    else:
        fields.update(
            status=WebhookDelivery.Status.RETRYING,
            next_attempt_at=now + retry_delay(delivery.attempts),
        )
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
    if fields["status"] == WebhookDelivery.Status.RETRYING:
        _retry_schedule(delivery_id=delivery.pk, at=fields["next_attempt_at"])
    return fields["status"]


def _retry_schedule(*, delivery_id: int, at) -> None:
    from townsquare.webhooks.tasks import webhook_deliver_task

    if not webhook_deliver_task.get_backend().supports_defer:
        # A backend that runs tasks at once (the demo's) cannot wait: the delivery stays
        # "retrying" in the log, and an administrator can deliver it again from there.
        logger.warning("Webhook delivery %s failed; this task backend cannot retry it", delivery_id)
        return
    _enqueue(delivery_id, run_after=at)


@transaction.atomic
def webhook_redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again (an administrator's choice, from the log): a new log entry."""
    again = WebhookDelivery.objects.create(
        webhook=delivery.webhook, event=delivery.event, payload=delivery.payload
    )
    transaction.on_commit(lambda: _enqueue(again.pk), robust=True)
    return again
