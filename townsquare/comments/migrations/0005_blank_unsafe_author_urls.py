"""Blank author websites that are not http(s) addresses.

Before the services checked them, a script calling comment_create directly could store a
``javascript:`` address, which the page then rendered as a link. The page no longer links
anything but http(s); this removes such values from existing rows.
"""

from django.db import migrations
from django.db.models import Q


def blank_unsafe_urls(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    safe = (
        Q(author_url="")
        | Q(author_url__istartswith="http://")
        | Q(author_url__istartswith="https://")
    )
    Comment.objects.exclude(safe).update(author_url="")


class Migration(migrations.Migration):
    dependencies = [("comments", "0004_add_network_hash_and_flood_indexes")]

    operations = [migrations.RunPython(blank_unsafe_urls, migrations.RunPython.noop)]
