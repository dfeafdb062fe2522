"""Fill the counters the read path now reads: Story.comment_count and Comment.reply_count.

From here on the comment services keep them, in the same transaction as each change.
"""

from django.db import migrations
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def backfill(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    Story = apps.get_model("stories", "Story")
    published = Comment.objects.filter(status="published").order_by()
    per_story = published.filter(story=OuterRef("pk")).values("story").annotate(n=Count("pk"))
    Story.objects.update(comment_count=Coalesce(Subquery(per_story.values("n")), 0))
    per_root = published.filter(root=OuterRef("pk")).values("root").annotate(n=Count("pk"))
    Comment.objects.filter(depth=0).update(reply_count=Coalesce(Subquery(per_root.values("n")), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0006_add_reply_count"),
        ("stories", "0004_add_thread_counters"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
