"""``townsquare import FORMAT FILE`` (wordpress, disqus, isso, ...); see docs/import.md."""

from __future__ import annotations

import zoneinfo
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError

from townsquare.civility.scores import CivilityUnavailable
from townsquare.comments.models import Comment
from townsquare.lib.commands import DatabaseCommand
from townsquare.moderation.rules import RejectionReason
from townsquare.sites.models import Site
from townsquare.sites.selectors import site_by_slug, site_default
from townsquare.transfer.records import ImportFileError
from townsquare.transfer.scoring import imported_comments_score
from townsquare.transfer.services import PARSERS, ImportOptions, ImportRefused, import_file


class Command(DatabaseCommand):
    help = (
        "Import the comments of a WordPress, Disqus, Isso, Remark42 or Commento site (or a "
        "Townsquare export) into a site, in one transaction. Running it again adds only what is "
        "new. See docs/import.md."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("format", choices=sorted(PARSERS), help="what wrote the file")
        parser.add_argument("file", type=Path, help="the export file to import")
        parser.add_argument(
            "--site", default=Site.DEFAULT_SLUG, help="slug of the site to import into"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="do everything, then roll back; print every thread, skip and adjustment",
        )
        parser.add_argument(
            "--score",
            action="store_true",
            help="afterwards, score the imported comments with the civility model",
        )
        parser.add_argument(
            "--unknown-status",
            choices=[Comment.Status.PENDING, Comment.Status.PUBLISHED],
            default=Comment.Status.PENDING,
            help="what a comment whose source status is missing or unknown becomes",
        )
        reasons = RejectionReason.values
        parser.add_argument(
            "--spam-reason",
            choices=reasons,
            default="",
            help="import spam as rejected for this reason (e.g. incivility) instead of as spam",
        )
        parser.add_argument(
            "--deleted-reason",
            choices=reasons,
            default="",
            help="import trashed/deleted comments as removed by a moderator for this reason",
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="the site's address, for formats that store paths (Isso, Commento)",
        )
        parser.add_argument("--https", action="store_true", help="read http:// pages as https://")
        parser.add_argument(
            "--timezone",
            default="",
            help="WordPress: the blog's time zone for comments without a GMT date, when the "
            "file does not reveal it; isso-generic: the Isso server's (default: TIME_ZONE)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="processes preparing comments (default: one per CPU, at most 4, for files over "
            "4 MB; 0: none)",
        )
        parser.add_argument(
            "--recover",
            action="store_true",
            help="WordPress and Disqus: skip each record that is not well-formed XML (listed with "
            "its line) and import the rest, instead of refusing the file",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        site = site_by_slug(slug=options["site"]) if options["site"] else site_default()
        if site is None:
            raise CommandError(f"no site with slug {options['site']!r} (see /admin/sites/site/)")
        zone_name = options["timezone"] or settings.TIME_ZONE
        try:
            zone = zoneinfo.ZoneInfo(zone_name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise CommandError(f"unknown time zone {zone_name!r}") from exc
        import_options = ImportOptions(
            site=site,
            dry_run=options["dry_run"],
            unknown_status=options["unknown_status"],
            spam_reason=options["spam_reason"],
            deleted_reason=options["deleted_reason"],
            https=options["https"],
            base_url=options["base_url"],
            fallback_timezone=zone,
            progress=not options["no_progress"],
            progress_file=self.stderr._out,
            workers=options["workers"],
            recover=options["recover"],
        )
        try:
            report = import_file(
                source=options["format"], path=options["file"], options=import_options
            )
        except ImportFileError as exc:
            raise CommandError(f"{options['file']}: {exc}; nothing was imported") from exc
        except ImportRefused as exc:
            raise CommandError(str(exc)) from exc
        every = options["dry_run"] or options["verbosity"] >= 2
        for line in report.lines(every_record=every):
            self.stdout.write(line)
        if options["score"] and not options["dry_run"]:
            try:
                scored = imported_comments_score(
                    source=options["format"],
                    source_site=report.source_site,
                    progress=not options["no_progress"],
                    progress_file=self.stderr._out,
                )
            except CivilityUnavailable as exc:
                raise CommandError(
                    f"the import is saved, but scoring stopped: {exc}. Run the same command "
                    "again with --score to score the rest."
                ) from exc
            self.stdout.write(f"scored with the civility model: {scored} comments")
