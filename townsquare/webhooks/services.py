"""Webhook deliveries: one per subscribed webhook and event, signed, retried with backoff.

``webhook_event_handle`` is called (``lib.events``; ``apps.py`` registers it) once the change an
event describes has committed. It builds the event's JSON body once — the comment as the public
API shows it, the story, the decision or the report — logs one ``WebhookDelivery`` per active
webhook of the site that subscribes to the event, and enqueues a delivery task for each.

Each attempt POSTs the body with three headers: ``Townsquare-Event``, ``Townsquare-Delivery``
(the same on every retry, for the receiver to drop duplicates) and ``Townsquare-Timestamp``, and
``Townsquare-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>``. A 2xx answer
delivers it; anything else (an error status, a refused connection, a timeout after
``WEBHOOK_TIMEOUT`` seconds) schedules another attempt after ``WEBHOOK_RETRY_SECONDS`` × 4ⁿ,
until ``WEBHOOK_MAX_ATTEMPTS``.

Each retry is a task deferred to its time. A task the backend starts a little early (RQ rounds
its schedule down to the whole second) still attempts within ``EARLY_TOLERANCE``, and one
started earlier than that defers itself again; ``webhook_deliveries_sweep``, a periodic job,
sends whatever is overdue all the same (a job lost with Redis, or queued by ``townsquare worker
--once``, whose RQ worker has no scheduler). Every attempt is claimed with a conditional update,
so a sweep and a task, or two workers, never send one delivery at once.

The receiver's host is resolved once per attempt; unless ``WEBHOOK_ALLOW_PRIVATE_ADDRESSES`` is
on, an address off the public internet is refused and the connection goes to the addresses
that were checked. The log keeps the answer's status code, never its body.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import socket
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
from townsquare.lib.addresses import host_addresses
from townsquare.lib.events import COMMENT_DECIDED, REPORT_CREATED
from townsquare.sites.models import Site
from townsquare.webhooks.models import Webhook, WebhookDelivery
from townsquare.webhooks.selectors import webhook_retries_possible

logger = logging.getLogger(__name__)

USER_AGENT = "Townsquare-Webhooks/1"
# A retry task may start this much before its time and still attempt: RQ schedules to the whole
# second, rounding down, so its jobs start up to a second early.
EARLY_TOLERANCE = timedelta(seconds=1)
# A sweep leaves a delivery this long past its time to its own task before sending it itself.
SWEEP_GRACE = timedelta(seconds=60)
SWEEP_BATCH = 100


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
    now = timezone.now()
    with transaction.atomic():
        for hook in hooks:
            delivery = WebhookDelivery.objects.create(
                webhook=hook, event=name, payload=payload, next_attempt_at=now
            )
            ids.append(delivery.pk)
        transaction.on_commit(lambda: [_enqueue(pk, attempt=0) for pk in ids], robust=True)
    return ids


def _enqueue(delivery_id: int, *, attempt: int, run_after=None) -> None:
    """Queue the attempt that follows ``attempt`` earlier ones (0: the first) of a delivery."""
    from townsquare.webhooks.tasks import webhook_deliver_task

    task = webhook_deliver_task.using(run_after=run_after) if run_after else webhook_deliver_task
    task.enqueue(delivery_id=delivery_id, attempt=attempt)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt: 30 s, 2 min, 8 min, …"""
    return timedelta(seconds=settings.WEBHOOK_RETRY_SECONDS * 4 ** max(0, attempts - 1))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect would turn the POST into a GET without the body (or send it somewhere the
    # administrator never named); the receiver's URL must answer itself.
    def redirect_request(self, *args, **kwargs):
        return None


def _checked_connection(address: tuple[str, int], timeout=None, source_address=None, **kwargs):
    """Connect to the host's addresses, resolved once here and (by default) all public.

    Replaces ``socket.create_connection`` in the connections below, so the address checked is
    the address connected to: no second lookup that could answer differently.
    """
    host, port = address
    addresses = host_addresses(host, port, public_only=not settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES)
    error: OSError | None = None
    for family, sockaddr in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            if timeout is not None and timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as failed:
            sock.close()
            error = failed
    raise error or OSError(f"{host} has no address")


class _CheckedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _checked_connection


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    # TLS still checks the certificate against the URL's host name.
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _checked_connection


class _CheckedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_CheckedHTTPConnection, req)


class _CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_CheckedHTTPSConnection, req, context=self._context)


# No proxy: the connection must go straight to the address that was checked.
_opener = urllib.request.build_opener(
    urllib.request.ProxyHandler({}), _NoRedirects, _CheckedHTTPHandler, _CheckedHTTPSHandler
)


def _post(*, url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str]:
    """(HTTP status or None, error text) of one POST; the answer's body is never kept."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        error.close()
        return error.code, f"HTTP {error.code}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return None, f"{type(error).__name__}: {reason}"[:500]


def _claim(*, delivery_id: int, attempt: int | None, now) -> bool:
    """Take the next attempt at a delivery that is due, for this worker alone.

    A conditional update: it counts the attempt and moves ``next_attempt_at`` past the time the
    attempt can take, so no other task or sweep finds the delivery due while it is being sent.
    ``attempt`` (how many attempts the caller expects before this one) makes a task that
    another worker or the sweep has overtaken find nothing to do.
    """
    lease = timedelta(seconds=settings.WEBHOOK_TIMEOUT * 4 + 60)
    due = WebhookDelivery.objects.filter(
        pk=delivery_id,
        status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING],
    ).filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now + EARLY_TOLERANCE))
    if attempt is not None:
        due = due.filter(attempts=attempt)
    return bool(
        due.update(attempts=F("attempts") + 1, last_attempt_at=now, next_attempt_at=now + lease)
    )


def webhook_attempt(*, delivery_id: int, attempt: int | None = None) -> str | None:
    """Make one attempt at a delivery that is due; its status afterwards (None: none made).

    ``attempt`` is the number of attempts made when the task was queued (None: whatever it is
    now). A task started before its delivery is due defers itself to that time; one that
    another worker or the sweep overtook does nothing. A delivered or abandoned delivery is
    never sent again.
    """
    now = timezone.now()
    if not _claim(delivery_id=delivery_id, attempt=attempt, now=now):
        _defer_if_early(delivery_id=delivery_id, attempt=attempt)
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
    fields = {"response_status": status, "last_error": error, "next_attempt_at": None}
    if status is not None and 200 <= status < 300:
        fields.update(status=WebhookDelivery.Status.DELIVERED, delivered_at=timezone.now())
    elif not hook.active or delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        fields.update(status=WebhookDelivery.Status.GAVE_UP)
    else:
        # The wait runs from the failed attempt's end, so a slow receiver's timeout does not
        # eat into it.
        fields.update(
            status=WebhookDelivery.Status.RETRYING,
            next_attempt_at=timezone.now() + retry_delay(delivery.attempts),
        )
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
    if fields["status"] == WebhookDelivery.Status.RETRYING:
        _retry_schedule(
            delivery_id=delivery.pk, attempt=delivery.attempts, at=fields["next_attempt_at"]
        )
    return fields["status"]


def _defer_if_early(*, delivery_id: int, attempt: int | None) -> None:
    """Queue a task again that started before its delivery was due, for when it is.

    Only a task that knows which attempt it is for (``attempt``) and finds that attempt still
    ahead: one that another worker overtook is dropped, so tasks never multiply.
    """
    if attempt is None:
        return
    waiting = (
        WebhookDelivery.objects.filter(
            pk=delivery_id,
            attempts=attempt,
            status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING],
            next_attempt_at__gt=timezone.now(),
        )
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if waiting is not None:
        # A second late, past the whole second RQ rounds the time down to.
        _retry_schedule(delivery_id=delivery_id, attempt=attempt, at=waiting + timedelta(seconds=1))


def _retry_schedule(*, delivery_id: int, attempt: int, at) -> None:
    if not webhook_retries_possible():
        # A backend that runs tasks at once (the demo's) cannot wait: the delivery stays
        # "retrying" in the log, and an administrator can deliver it again from there (or the
        # sweep sends it, should a worker ever run on another backend).
        logger.warning("Webhook delivery %s failed; this task backend cannot retry it", delivery_id)
        return
    _enqueue(delivery_id, attempt=attempt, run_after=at)


def webhook_deliveries_sweep(*, now=None, limit: int = SWEEP_BATCH) -> dict[str, int]:
    """Attempt every delivery whose attempt is overdue; a count of the outcomes.

    Overdue: pending or retrying, and due more than ``SWEEP_GRACE`` ago (its own task would have
    run by then). Each attempt is claimed as a task claims it, so a sweep on another worker, or
    the delivery's own task arriving late, never sends it a second time. The oldest first, at
    most ``limit`` per run; the next run takes the rest.
    """
    now = now or timezone.now()
    cutoff = now - SWEEP_GRACE
    overdue = (
        WebhookDelivery.objects.filter(
            status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING]
        )
        .filter(
            Q(next_attempt_at__lte=cutoff) | Q(next_attempt_at__isnull=True, created_at__lte=cutoff)
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    outcomes: dict[str, int] = {}
    for delivery_id in list(overdue):
        outcome = webhook_attempt(delivery_id=delivery_id) or "skipped"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


@transaction.atomic
def webhook_redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again (an administrator's choice, from the log): a new log entry."""
    again = WebhookDelivery.objects.create(
        webhook=delivery.webhook,
        event=delivery.event,
        payload=delivery.payload,
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(lambda: _enqueue(again.pk, attempt=0), robust=True)
    return again
