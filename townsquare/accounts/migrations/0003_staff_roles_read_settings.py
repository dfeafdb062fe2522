"""Moderators may read the rules they apply; nobody's permissions suggest editing comments.

Moderator (and so Administrator) gains *view* on stories, Terms versions, the moderation policy
and the word lists, so the admin opens those pages for them, read-only. Administrators keep
changing them (0001). The permissions to change comments and to add or change sanctions are
taken away: the admin shows those records read-only and every decision is an action that calls
the moderation services, offered by role (``moderation.permissions.is_moderator``), so those
permissions only promised an edit that no one may make. Reversing restores 0001's sets.
"""

from django.db import migrations

READ_SETTINGS = [
    ("stories", "story", "view"),
    ("terms", "termsversion", "view"),
    ("moderation", "moderationpolicy", "view"),
    ("moderation", "wordrule", "view"),
]
NO_LONGER_EDITED_HERE = [
    ("comments", "comment", "change"),
    ("moderation", "sanction", "add"),
    ("moderation", "sanction", "change"),
]
GROUPS = ("Moderator", "Administrator")


def _permission(apps, app_label, model_name, action):
    # As in 0001: on a fresh database, post_migrate has not created the permissions yet.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    model = apps.get_model(app_label, model_name)
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=f"{action}_{model_name}",
        defaults={"name": f"Can {action} {model._meta.verbose_name}"},
    )
    return permission


def _change(apps, *, add, remove):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*(_permission(apps, *spec) for spec in add))
        group.permissions.remove(*(_permission(apps, *spec) for spec in remove))


def forwards(apps, schema_editor):
    _change(apps, add=READ_SETTINGS, remove=NO_LONGER_EDITED_HERE)


def backwards(apps, schema_editor):
    _change(apps, add=NO_LONGER_EDITED_HERE, remove=READ_SETTINGS)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_create_cache_table")]

    operations = [migrations.RunPython(forwards, backwards)]
