from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from townsquare.stories.demo import demo_load


class Command(BaseCommand):
    help = "Migrate the database and load the demo newspaper (safe to run again)."

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database migrated.")
        summary = demo_load()
        self.stdout.write(
            f"Demo content: {summary.stories_created} new stories, "
            f"{summary.comments_created} new comments."
        )
        self.stdout.write(self.style.SUCCESS(f"Demo site ready at {settings.SITE_URL}/"))
