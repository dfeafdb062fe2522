"""Administrators keep a site's Coral signing secrets (add, revoke) and its phase settings in the
admin, as they keep webhooks and analysis keys. Moderators get nothing here (secrets are
settings). Reversing takes the permissions away again."""

from django.db import migrations

GRANTS = [
    ("coralsigningsecret", "add"),
    ("coralsigningsecret", "change"),
    ("coralsigningsecret", "view"),
    ("coralphasesettings", "add"),
    ("coralphasesettings", "change"),
    ("coralphasesettings", "view"),
]


def _permissions(apps):
    # On a fresh database post_migrate has not made this app's permissions yet: make them here.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    found = []
    for model_name, action in GRANTS:
        model = apps.get_model("coral", model_name)
        content_type, _ = ContentType.objects.get_or_create(app_label="coral", model=model_name)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_{model_name}",
            defaults={"name": f"Can {action} {model._meta.verbose_name}"},
        )
        found.append(permission)
    return found


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Administrator"):
        group.permissions.add(*_permissions(apps))


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Administrator"):
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("coral", "0001_signing_secrets_and_settings"),
        ("accounts", "0003_staff_roles_read_settings"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
