"""``townsquare reader_data download|erase EMAIL``: a reader's data request received by mail."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from townsquare.lib.commands import DatabaseCommand
from townsquare.moderation.permissions import is_moderator
from townsquare.readers.selectors import reader_data_for
from townsquare.readers.services import reader_data_erase, reader_data_export_audit


class Command(DatabaseCommand):
    help = (
        "Download (JSON) or erase what is held about an e-mail address, on a request received "
        "by mail. Audited under the moderator named with --moderator. See docs/data-rights.md."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "action", choices=["download", "erase"], help="download (JSON) or erase the data"
        )
        parser.add_argument("email", help="the reader's e-mail address")
        parser.add_argument(
            "--moderator", required=True, help="username of the moderator handling the request"
        )
        parser.add_argument("--note", default="", help="where the request came from (audited)")
        parser.add_argument("--output", type=Path, default=None, help="download: file to write")
        parser.add_argument("--yes", action="store_true", help="erase: do not ask to confirm")

    def handle(self, *args: Any, **options: Any) -> None:
        moderator = get_user_model().objects.filter(username=options["moderator"]).first()
        if moderator is None or not is_moderator(moderator):
            raise CommandError(f"{options['moderator']!r} is not a moderator")
        email = options["email"]
        if options["action"] == "download":
            document = json.dumps(reader_data_for(email=email), ensure_ascii=False, indent=2)
            reader_data_export_audit(email=email, actor=moderator, note=options["note"])
            if options["output"]:
                options["output"].write_text(document + "\n", encoding="utf-8")
                self.stderr.write(f"wrote {options['output']}")
            else:
                self.stdout.write(document)
            return
        if not options["yes"]:
            answer = input(f"Erase everything held about {email}? This cannot be undone [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("nothing erased")
        result = reader_data_erase(email=email, actor=moderator, note=options["note"])
        self.stdout.write(
            f"erased: {result.comments_deleted} comments deleted, {result.comments_tombstoned} "
            "kept as tombstones"
            + (
                "; the address is kept while a ban or suspension is in force"
                if result.address_kept
                else ""
            )
        )
