"""Audit entries outlive what they describe.

The comment and commenter foreign keys were ON DELETE CASCADE, so deleting a comment (or erasing
a commenter) silently deleted the decisions taken about it. They become SET_NULL, and a new
``subject`` column keeps the ids, the story's headline and the actor's username, copied when the
entry is written; existing entries are filled in from what they point at now. Reversing drops
``subject`` and restores the cascade (entries whose keys were already emptied stay empty).
"""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 500


def copy_subjects(apps, schema_editor):
    AuditEntry = apps.get_model("moderation", "AuditEntry")
    entries = AuditEntry.objects.select_related("comment__story", "actor").order_by("pk")
    last_pk = 0
    while batch := list(entries.filter(pk__gt=last_pk)[:BATCH]):
        for entry in batch:
            subject = {}
            if entry.comment_id is not None:
                subject.update(
                    comment_id=entry.comment_id,
                    story_id=entry.comment.story_id,
                    story_headline=entry.comment.story.headline,
                )
            if entry.commenter_id is not None:
                subject["commenter_id"] = entry.commenter_id
            if entry.actor_id is not None:
                subject.update(actor_id=entry.actor_id, actor_username=entry.actor.username)
            entry.subject = subject
        AuditEntry.objects.bulk_update(batch, ["subject"])
        last_pk = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [("moderation", "0003_report_network_key_and_rate_indexes")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="subject",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="What the entry is about, copied when it is written (comment, commenter, story and actor ids, the story's headline, the actor's username), so it survives their deletion.",
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="comment",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="audit_entries",
                to="comments.comment",
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="commenter",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="audit_entries",
                to="comments.commenter",
            ),
        ),
        migrations.RunPython(copy_subjects, migrations.RunPython.noop, elidable=True),
    ]
