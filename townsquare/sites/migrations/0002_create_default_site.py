"""The default site: every existing story belongs to it, and new stories do unless told otherwise."""

from django.conf import settings
from django.db import migrations


def create_default_site(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    Site.objects.get_or_create(slug="default", defaults={"name": settings.SITE_NAME})


def delete_default_site(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    Site.objects.filter(slug="default").delete()


class Migration(migrations.Migration):
    dependencies = [("sites", "0001_initial")]

    operations = [migrations.RunPython(create_default_site, delete_default_site)]
