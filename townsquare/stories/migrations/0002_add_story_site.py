"""Stories belong to a site; existing stories go to the default site.

Three steps so that existing rows never violate the constraint: add the column empty, fill it
with the default site, then make it required.
"""

import django.db.models.deletion
from django.db import migrations, models

import townsquare.sites.models


def fill_default_site(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    Story = apps.get_model("stories", "Story")
    site = Site.objects.get(slug="default")
    Story.objects.filter(site__isnull=True).update(site=site)


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0002_create_default_site"),
        ("stories", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="story",
            name="site",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="stories",
                to="sites.site",
            ),
        ),
        migrations.RunPython(fill_default_site, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="story",
            name="site",
            field=models.ForeignKey(
                default=townsquare.sites.models.default_site_id,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="stories",
                to="sites.site",
            ),
        ),
    ]
