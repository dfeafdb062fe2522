"""Create the database cache table (settings.CACHE_TABLE).

Without REDIS_URL, Django's cache lives in this table so that every web process shares sign-in
throttling, word lists and digest windows. It is created here, whatever the cache setting says,
so that switching from Redis back to the database needs no extra command.
"""

from django.conf import settings
from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations


def create_cache_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, settings.CACHE_TABLE, False)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(settings.CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_create_staff_groups")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
