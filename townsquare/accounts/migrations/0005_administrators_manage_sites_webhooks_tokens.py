"""Administrators manage the sites, their webhooks and staff API tokens in the admin.

docs/embed.md and docs/api.md send administrators to Sites (allowed origins, per-site
moderation and discussion settings), Webhooks (and the delivery log) and API tokens; without
these permissions the Administrator role got a 403 on all three. Deleting a site is left to
superusers (its stories are protected by it); a token is never changed or deleted, only revoked
(an action), so only *add* and *view* are given for tokens. Moderators gain nothing here.
Reversing takes the permissions away again.
"""

from django.db import migrations

ADMINISTRATOR_PERMISSIONS = [
    ("sites", "site", "view"),
    ("sites", "site", "add"),
    ("sites", "site", "change"),
    ("webhooks", "webhook", "view"),
    ("webhooks", "webhook", "add"),
    ("webhooks", "webhook", "change"),
    ("webhooks", "webhook", "delete"),
    ("webhooks", "webhookdelivery", "view"),
    ("accounts", "apitoken", "view"),
    ("accounts", "apitoken", "add"),
]


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


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name="Administrator")
    group.permissions.add(*(_permission(apps, *spec) for spec in ADMINISTRATOR_PERMISSIONS))


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Administrator"):
        group.permissions.remove(*(_permission(apps, *spec) for spec in ADMINISTRATOR_PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_add_api_token"),
        ("sites", "0001_initial"),
        ("webhooks", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
