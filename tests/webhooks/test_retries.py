"""Webhook retries: a task started early still delivers, overdue deliveries are swept, one attempt
at a time; and the delivery log says whether this task backend can retry at all."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import make_comment, make_site, make_story
from townsquare.lib.events import EVENTS
from townsquare.lib.periodic import periodic_tasks, periodic_tasks_enqueue
from townsquare.webhooks.models import Webhook, WebhookDelivery
from townsquare.webhooks.selectors import webhook_delivery_status_text
from townsquare.webhooks.services import (
    webhook_attempt,
    webhook_deliveries_sweep,
    webhook_event_handle,
)
from townsquare.webhooks.tasks import webhook_deliveries_sweep_task

pytestmark = pytest.mark.django_db

SWEEP = "townsquare.webhooks.tasks.webhook_deliveries_sweep_task"
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def hook(receiver):
    return Webhook.objects.create(site=make_site(), url=receiver.url, events=list(EVENTS))


def _delivery(hook, **fields) -> WebhookDelivery:
    return WebhookDelivery.objects.create(
        webhook=hook, event="comment.created", payload={"event": "comment.created"}, **fields
    )


def _retrying(hook, *, due_in: timedelta, attempts: int = 1) -> WebhookDelivery:
    return _delivery(
        hook,
        status="retrying",
        attempts=attempts,
        response_status=500,
        next_attempt_at=timezone.now() + due_in,
    )


def test_a_retry_task_started_a_fraction_of_a_second_early_still_delivers(hook, receiver):
    # RQ rounds a job's time down to the whole second, so a retry due at 12:00:00.81 starts at
    # 12:00:00; it used to find the delivery "not due" and stop there, for ever.
    delivery = _retrying(hook, due_in=timedelta(milliseconds=800))
    assert webhook_attempt(delivery_id=delivery.pk, attempt=1) == "delivered"
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempts == 2
    assert len(receiver.requests) == 1


def test_a_retry_task_started_well_before_its_time_queues_itself_again(hook, receiver):
    delivery = _retrying(hook, due_in=timedelta(minutes=8))
    assert webhook_attempt(delivery_id=delivery.pk, attempt=1) is None
    assert receiver.requests == []
    (again,) = DBTaskResult.objects.filter(status="READY")
    assert again.args_kwargs["kwargs"] == {"delivery_id": delivery.pk, "attempt": 1}
    assert again.run_after >= delivery.next_attempt_at
    delivery.refresh_from_db()
    assert delivery.status == "retrying" and delivery.attempts == 1


def test_a_task_that_another_worker_overtook_does_nothing_and_queues_nothing(hook, receiver):
    # Attempt 2 has been made (by the sweep, say) and failed; attempt 3 waits. A task queued for
    # attempt 2 arrives: it neither sends nor multiplies itself.
    delivery = _retrying(hook, due_in=timedelta(minutes=2), attempts=2)
    assert webhook_attempt(delivery_id=delivery.pk, attempt=1) is None
    assert receiver.requests == []
    assert not DBTaskResult.objects.exists()


def test_the_sweep_sends_what_is_overdue_and_leaves_the_rest(hook, receiver, run_tasks):
    lost_retry = _retrying(hook, due_in=timedelta(minutes=-5))
    never_queued = _delivery(hook, next_attempt_at=timezone.now() - timedelta(minutes=2))
    due_soon = _retrying(hook, due_in=timedelta(seconds=20))
    just_due = _retrying(hook, due_in=timedelta(seconds=-5))  # its own task is on its way
    delivered = _delivery(
        hook, status="delivered", attempts=1, next_attempt_at=timezone.now() - timedelta(hours=1)
    )
    webhook_deliveries_sweep_task.enqueue()
    (sweep,) = run_tasks()
    assert sweep.status == "SUCCESSFUL" and sweep.return_value == {"delivered": 2}
    statuses = {d.pk: d.status for d in WebhookDelivery.objects.all()}
    assert statuses[lost_retry.pk] == statuses[never_queued.pk] == "delivered"
    assert statuses[due_soon.pk] == statuses[just_due.pk] == "retrying"
    assert statuses[delivered.pk] == "delivered"
    assert len(receiver.requests) == 2


def test_the_sweep_is_a_periodic_job_of_townsquare_worker():
    assert periodic_tasks()[SWEEP] == 60
    assert SWEEP in periodic_tasks_enqueue()
    assert DBTaskResult.objects.filter(task_path=SWEEP).exists()


@pytest.mark.django_db(transaction=True)
def test_a_delivery_being_sent_is_not_sent_again_by_a_sweep_or_another_task(receiver):
    # While the receiver holds the first attempt open, a sweep (on another worker, from the
    # future) and the delivery's own task try it too: the claim lets neither send.
    hook = Webhook.objects.create(site=make_site(), url=receiver.url, events=list(EVENTS))
    delivery = _retrying(hook, due_in=timedelta(seconds=0))
    meanwhile = {}

    def others_try(number: int) -> None:
        if number == 0:
            try:
                meanwhile["sweep"] = webhook_deliveries_sweep(
                    now=timezone.now() + timedelta(minutes=10)
                )
                meanwhile["task"] = webhook_attempt(delivery_id=delivery.pk, attempt=1)
                meanwhile["untagged task"] = webhook_attempt(delivery_id=delivery.pk)
            finally:
                connection.close()  # this thread's own connection

    receiver.before_answer = others_try
    assert webhook_attempt(delivery_id=delivery.pk, attempt=1) == "delivered"
    assert meanwhile == {"sweep": {"skipped": 1}, "task": None, "untagged task": None}
    assert len(receiver.requests) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.next_attempt_at is None


def test_the_log_says_a_failed_delivery_will_be_retried_where_a_worker_can(
    hook, receiver, admin_client, run_tasks, django_capture_on_commit_callbacks
):
    receiver.answers = [500]
    comment = make_comment(story=make_story(site=hook.site))
    with django_capture_on_commit_callbacks(execute=True):
        webhook_event_handle(
            name="comment.created", site_id=hook.site_id, data={"comment_id": comment.pk}
        )
    run_tasks()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "retrying"
    expected = "Failed; will be retried by the task worker"
    assert webhook_delivery_status_text(delivery) == expected
    assert expected in admin_client.get("/admin/webhooks/webhookdelivery/").content.decode()


def test_on_the_demos_immediate_backend_the_log_says_it_will_not_be_retried(
    hook, receiver, admin_client, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE_TASKS
    receiver.answers = [500]
    comment = make_comment(story=make_story(site=hook.site))
    with django_capture_on_commit_callbacks(execute=True):
        webhook_event_handle(
            name="comment.created", site_id=hook.site_id, data={"comment_id": comment.pk}
        )
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "retrying" and delivery.attempts == 1
    assert len(receiver.requests) == 1
    for page in (
        admin_client.get("/admin/webhooks/webhookdelivery/"),
        admin_client.get(f"/admin/webhooks/webhookdelivery/{delivery.pk}/change/"),
    ):
        text = page.content.decode()
        assert "will be retried" not in text
        assert "Failed; not retried" in text and "Deliver again" in text
