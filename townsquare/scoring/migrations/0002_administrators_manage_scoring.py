"""Administrators make and revoke analysis keys, set a site's feedback opt-in, and read the
dashboard and the kept feedback in the admin. Moderators get nothing here (keys are settings).
Reversing takes the permissions away again."""

from django.db import migrations

GRANTS = [
    ("analysiskey", "add"),
    ("analysiskey", "view"),
    ("analysiscall", "view"),
    ("sitescoring", "add"),
    ("sitescoring", "change"),
    ("sitescoring", "view"),
    ("scorefeedback", "view"),
]


def _permissions(apps):
    # On a fresh database post_migrate has not made this app's permissions yet: make them here.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    found = []
    for model_name, action in GRANTS:
        model = apps.get_model("scoring", model_name)
        content_type, _ = ContentType.objects.get_or_create(app_label="scoring", model=model_name)
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
        ("scoring", "0001_add_analysis_keys_calls_feedback"),
        ("accounts", "0003_staff_roles_read_settings"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
