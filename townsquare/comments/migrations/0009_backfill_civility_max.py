"""Fill civility_max for comments scored before the column existed.

The queue's "most likely first" order sorts on it; rows written before migration 0003 had
scores but no maximum, and sorted last as if unscored.
"""

from django.db import migrations

ATTRIBUTES = ("toxicity", "insult", "identity_attack", "threat", "obscene")
BATCH = 2000


def backfill(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    pending = Comment.objects.filter(civility_max__isnull=True).exclude(civility_scores={})
    last_id = 0
    while True:
        rows = list(
            pending.filter(pk__gt=last_id)
            .order_by("pk")
            .values_list("pk", "civility_scores")[:BATCH]
        )
        if not rows:
            return
        for pk, scores in rows:
            values = [
                float(scores[name])
                for name in ATTRIBUTES
                if isinstance(scores, dict) and isinstance(scores.get(name), int | float)
            ]
            if values:
                Comment.objects.filter(pk=pk).update(civility_max=max(values))
        last_id = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [("comments", "0008_queue_likely_index")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
