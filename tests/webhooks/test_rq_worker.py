"""Webhook retries on the Redis task backend, run by the real `townsquare worker` (an RQ worker
with its scheduler) against the real Redis; in the PostgreSQL + Redis run of the suite."""

from __future__ import annotations

import os
import subprocess
import time

import pytest

from tests.servers import BIN, site

RQ_BACKEND = "django_tasks_rq.RQBackend"
# In the site's own process: a site, a comment on one of its stories and a webhook subscribed to
# comments, then the event, as a comment's commit sends it (the delivery task goes to Redis).
SETUP = (
    "from tests.factories import make_comment, make_site, make_story; "
    "from townsquare.webhooks.models import Webhook; "
    "from townsquare.webhooks.services import webhook_event_handle; "
    "s = make_site(); c = make_comment(story=make_story(site=s)); "
    "Webhook.objects.create(site=s, url={url!r}, events=['comment.created']); "
    "webhook_event_handle(name='comment.created', site_id=s.pk, data={{'comment_id': c.pk}})"
)
DELIVERY = (
    "from townsquare.webhooks.models import WebhookDelivery; "
    "d = WebhookDelivery.objects.get(); print(d.status, d.attempts, d.response_status)"
)


def test_the_rq_worker_retries_a_failed_delivery_until_it_is_delivered(tmp_path, receiver):
    """The receiver answers 500, then 200: the retry must run and deliver.

    The first answer is held until late in a second (x.9 s), so the retry is due at (x+1).9 s;
    RQ schedules to the whole second, rounding down, and its scheduler (checking every second)
    most often starts the job before it is due. That early start used to end the retries for
    good: the delivery stayed "retrying" for ever.
    """
    if not os.environ.get("REDIS_URL"):
        pytest.skip("the Redis task backend runs in the PostgreSQL + Redis run")

    def first_answer_late_in_a_second(number: int) -> None:
        if number == 0:
            time.sleep((0.9 - time.time() % 1) % 1)

    receiver.answers = [500]
    receiver.before_answer = first_answer_late_in_a_second
    with site(
        tmp_path,
        TASKS_BACKEND=RQ_BACKEND,
        WEBHOOK_ALLOW_PRIVATE_ADDRESSES="true",
        WEBHOOK_RETRY_SECONDS="1",
    ) as the_site:
        the_site.env["PYTHONPATH"] = os.getcwd()
        the_site.python(SETUP.format(url=receiver.url))
        worker = subprocess.Popen(
            [str(BIN / "townsquare"), "worker"],
            env=the_site.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            # Well under a minute: the periodic sweep would send an overdue retry after that,
            # and this test is about the retry task itself.
            deadline = time.monotonic() + 30
            while len(receiver.requests) < 2 and time.monotonic() < deadline:
                assert worker.poll() is None, worker.stderr.read()[-3000:]
                time.sleep(0.2)
            status = the_site.python(DELIVERY).split()
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
    assert len(receiver.requests) == 2, "the retry never ran"
    assert status == ["delivered", "2", "200"]
    first, second = (r["headers"]["Townsquare-Delivery"] for r in receiver.requests)
    assert first == second
