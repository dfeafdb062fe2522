"""``townsquare createmoderator USERNAME --email E [--administrator] [--password-stdin]``."""

from __future__ import annotations

import getpass
import sys

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from townsquare.accounts.services import moderator_create
from townsquare.lib.commands import DatabaseCommand


class Command(DatabaseCommand):
    help = (
        "Create a staff account in the Moderator group (with --administrator, also in the "
        "Administrator group). Prompts for the password twice unless --password-stdin is given."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", help="Sign-in name of the new moderator.")
        parser.add_argument("--email", required=True, help="The moderator's e-mail address.")
        parser.add_argument(
            "--administrator",
            action="store_true",
            help="Also allow changing settings, word lists, thresholds, stories and terms.",
        )
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from the first line of standard input (for scripts).",
        )

    def execute(self, *args, **options):
        self.stdin = options.get("stdin", sys.stdin)
        return super().execute(*args, **options)

    def handle(self, *args, **options) -> None:
        password = self._password(from_stdin=options["password_stdin"])
        try:
            user = moderator_create(
                username=options["username"],
                email=options["email"],
                password=password,
                administrator=options["administrator"],
            )
        except ValidationError as error:
            lines = [
                f"{field}: {message}"
                for field, messages in error.message_dict.items()
                for message in messages
            ]
            raise CommandError("Could not create the moderator.\n" + "\n".join(lines)) from None
        role = "administrator" if options["administrator"] else "moderator"
        login_url = f"{settings.SITE_URL}/accounts/login/"
        self.stdout.write(
            self.style.SUCCESS(f"Created {role} “{user.get_username()}”. Sign in at {login_url}")
        )

    def _password(self, *, from_stdin: bool) -> str:
        if from_stdin:
            password = self.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("No password on standard input.")
            return password
        if not self.stdin.isatty():
            raise CommandError(
                "No terminal to ask for a password on: pass --password-stdin and pipe it in."
            )
        password = getpass.getpass("Password: ")
        if not password:
            raise CommandError("The password cannot be empty.")
        if getpass.getpass("Password (again): ") != password:
            raise CommandError("The two passwords did not match; nothing was created.")
        return password
