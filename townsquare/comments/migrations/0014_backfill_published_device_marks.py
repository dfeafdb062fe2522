"""Mark every browser that has a published comment, for the flood limits (issue 20).

From here on ``comment_status_changed`` keeps the marks (``comments.published_devices``); the
browsers that published before have none until this fills them in, in the counter store the
deployment uses (the ``townsquare_counter`` table, or Redis when ``REDIS_URL`` is set). Run while
old processes still serve, a comment they publish in between gets no mark: its browser waits for
a moderator on a busy network until its id is ``DEVICE_ESTABLISHED_HOURS`` old, as a new one
does, and never the other way round. Reversed, nothing is undone: the old code reads no marks,
and they expire.
"""

import math

from django.db import migrations
from django.db.models import Min

from townsquare.lib.counters import marks_lower

# As comments.published_devices names and keeps them, written out here so this step stays as it
# was when that module changes.
KEY = "townsquare:device-published:{}"
TIMEOUT = 2 * 365 * 24 * 60 * 60
BATCH = 500


def backfill(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    earliest = (
        Comment.objects.filter(status="published")
        .exclude(device_id="")
        .values("device_id")
        .annotate(first=Min("created_at"))
        .order_by("device_id")
        .values_list("device_id", "first")
    )
    batch: dict[str, int] = {}
    for device_id, first in earliest.iterator(chunk_size=BATCH):
        batch[KEY.format(device_id)] = math.ceil(first.timestamp() / 60)
        if len(batch) >= BATCH:
            marks_lower(batch, timeout=TIMEOUT)
            batch = {}
    marks_lower(batch, timeout=TIMEOUT)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0013_add_comment_author_badges"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
