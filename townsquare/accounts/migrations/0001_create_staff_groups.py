"""Create the staff roles as groups: Moderator and Administrator.

Permissions are normally created by ``post_migrate`` after all migrations have run, so on a fresh
database they do not exist yet when this migration runs; it creates the ones it needs itself
(``post_migrate`` later finds them and leaves them alone).
"""

from django.db import migrations

MODERATOR_PERMISSIONS = [
    ("comments", "comment", "view"),
    ("comments", "comment", "change"),
    ("comments", "commenter", "view"),
    ("moderation", "sanction", "view"),
    ("moderation", "sanction", "add"),
    ("moderation", "sanction", "change"),
    ("moderation", "report", "view"),
    ("moderation", "auditentry", "view"),
]
ADMINISTRATOR_PERMISSIONS = [
    *MODERATOR_PERMISSIONS,
    ("moderation", "wordrule", "add"),
    ("moderation", "wordrule", "change"),
    ("moderation", "wordrule", "delete"),
    ("moderation", "moderationpolicy", "change"),
    ("terms", "termsversion", "add"),
    ("terms", "termsversion", "change"),
    ("stories", "story", "add"),
    ("stories", "story", "change"),
]
GROUPS = {"Moderator": MODERATOR_PERMISSIONS, "Administrator": ADMINISTRATOR_PERMISSIONS}


def _permission(apps, app_label, model_name, action):
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


def create_staff_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, permissions in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(_permission(apps, *spec) for spec in permissions))


def delete_staff_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("comments", "0002_add_moderation_fields"),
        ("moderation", "0001_initial"),
        ("stories", "0001_initial"),
        ("terms", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_staff_groups, delete_staff_groups)]
