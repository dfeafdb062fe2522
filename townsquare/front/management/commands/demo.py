from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from townsquare.front.demo.accounts import demo_moderator_ensure
from townsquare.front.demo.stories import demo_load

IMMEDIATE_TASKS = "django_tasks.backends.immediate.ImmediateBackend"
DATABASE_TASKS = "django_tasks_db.DatabaseBackend"


def mail_destination() -> str:
    """Where e-mail ends up with this configuration, and who sends it, in words for the demo."""
    tasks = settings.TASKS["default"]["BACKEND"]
    if tasks == IMMEDIATE_TASKS:
        sender = "`townsquare serve`"
        when = "The web server sends each mail itself, right after the decision is saved."
    elif tasks == DATABASE_TASKS:
        sender = "`townsquare worker`"
        when = (
            "Mail waits in the database until `townsquare worker` sends it: start it in "
            "another terminal."
        )
    else:
        sender = "the task worker"
        when = f"Mail is sent by tasks on the {tasks} task backend."
    backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]  # django.core.mail.backends.<name>.…
    if backend == "console":
        where = f"printed in the terminal that runs {sender} (the console e-mail backend)"
    elif backend == "filebased":
        where = f"written as files to {settings.EMAIL_FILE_PATH}"
    elif backend == "smtp":
        where = f"sent through the SMTP server {settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    elif backend in ("locmem", "dummy"):
        where = f"not sent anywhere (the {backend} e-mail backend)"
    else:
        where = f"handed to {settings.EMAIL_BACKEND}"
    return f"E-mail (moderators' notices, report alerts) is {where}. {when}"


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
        self.stdout.write(
            f"The account is a Moderator and an Administrator: it works the queue, and at "
            f"{settings.SITE_URL}/admin/ it edits stories, publishes Terms and Guidelines, and "
            "changes the word lists and the moderation policy."
        )
        self.stdout.write(mail_destination())
