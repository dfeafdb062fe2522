from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from townsquare.accounts.demo import demo_moderator_ensure
from townsquare.stories.demo import demo_load


class Command(BaseCommand):
    help = "Migrate the database, load the demo newspaper and a demo moderator (safe to rerun)."

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database migrated.")
        summary = demo_load()
        self.stdout.write(
            f"Demo content: {summary.stories_created} new stories, "
            f"{summary.comments_created} new comments."
        )
        username, password = demo_moderator_ensure()
        self.stdout.write(self.style.SUCCESS(f"Demo site ready at {settings.SITE_URL}/"))
        self.stdout.write(
            f"Moderator sign-in: {settings.SITE_URL}/accounts/login/ "
            f"as {username} / {password} (queue at {settings.SITE_URL}/moderate/)"
        )
