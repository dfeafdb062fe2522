"""`townsquare worker`: periodic tasks enqueued once per period, and queued tasks run, on the
database task backend and (in the Redis run) on Redis through RQ."""

from __future__ import annotations

import os

import pytest
from django_tasks_db.models import DBTaskResult

from tests.servers import site
from townsquare.lib.periodic import periodic_tasks_enqueue
from townsquare.moderation.retention import raw_ips_expire_task

DAY = 24 * 3600
OLD_COMMENT = (
    "from datetime import timedelta; from django.utils import timezone; "
    "from townsquare.comments.models import Comment; "
    "from tests.factories import make_comment, make_story; "
    "c = make_comment(story=make_story()); "
    "Comment.objects.filter(pk=c.pk).update(raw_ip='198.51.100.7', "
    "created_at=timezone.now() - timedelta(days=90))"
)
RAW_IPS = (
    "from townsquare.comments.models import Comment; "
    "print(Comment.objects.exclude(raw_ip=None).count())"
)


@pytest.mark.django_db
def test_a_periodic_task_is_enqueued_once_per_period_however_many_workers_ask():
    tasks = {raw_ips_expire_task: DAY}
    start = 1_800_000_000 // DAY * DAY
    assert periodic_tasks_enqueue(now=start + 10, tasks=tasks) == [
        "townsquare.moderation.retention.raw_ips_expire_task"
    ]
    assert periodic_tasks_enqueue(now=start + 3600, tasks=tasks) == []  # another worker, same day
    assert periodic_tasks_enqueue(now=start + DAY + 5, tasks=tasks) != []  # the next day
    assert DBTaskResult.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_worker_once_runs_the_due_periodic_task_on_the_database_backend(tmp_path):
    with site(tmp_path, TASKS_BACKEND="django_tasks_db.DatabaseBackend") as the_site:
        the_site.env["PYTHONPATH"] = os.getcwd()
        # One ``townsquare shell`` start (about a CPU second) makes the comment and counts.
        assert the_site.python(f"{OLD_COMMENT}; {RAW_IPS}").strip().endswith("1")
        output = the_site.run("worker", "--once")
        assert "raw_ips_expire_task" in output
        assert the_site.python(RAW_IPS).strip().endswith("0")


@pytest.mark.django_db(transaction=True)
def test_worker_once_runs_the_due_periodic_task_on_redis(tmp_path):
    if not os.environ.get("REDIS_URL"):
        pytest.skip("the Redis task backend runs in the PostgreSQL + Redis run")
    with site(tmp_path, TASKS_BACKEND="django_tasks_rq.RQBackend") as the_site:
        the_site.env["PYTHONPATH"] = os.getcwd()
        the_site.python(OLD_COMMENT)
        output = the_site.run("worker", "--once")
        assert "raw_ips_expire_task" in output
        assert the_site.python(RAW_IPS).strip().endswith("0")
