"""``townsquare export --format jsonl|wxr [--site S] [--story URL] [--include-private]``."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.core.management.base import CommandError
from django.urls import Resolver404, resolve
from tqdm import tqdm

from townsquare.lib.commands import DatabaseCommand
from townsquare.sites.selectors import site_by_slug, site_default
from townsquare.stories.models import Story
from townsquare.stories.selectors import story_for_canonical_url
from townsquare.transfer.export import EXPORTERS, FORMATS, export_comment_count


class Command(DatabaseCommand):
    help = (
        "Export stories and comments with their status and threading, as Townsquare JSON Lines "
        "or WordPress WXR. E-mail addresses only with --include-private. See docs/export.md."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="jsonl",
            help="jsonl (Townsquare JSON Lines, default) or wxr (WordPress)",
        )
        parser.add_argument("--site", default="", help="only this site (slug); default: all")
        parser.add_argument("--story", default="", help="only the story at this page URL")
        parser.add_argument(
            "--include-private",
            action="store_true",
            help="include commenters' e-mail addresses (for the site's owner only)",
        )
        parser.add_argument("--output", type=Path, default=None, help="file (default: stdout)")
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar (shown only with --output)"
        )

    def _story(self, url: str, site) -> Story:
        found = story_for_canonical_url(site=site or site_default(), url=url)
        if found is None:
            # A story hosted here: its own page, /stories/<slug>/.
            try:
                match = resolve(urlsplit(url).path or "/")
            except Resolver404:
                match = None
            if match is not None and match.view_name == "stories:detail":
                found = Story.objects.filter(slug=match.kwargs["slug"]).first()
        if found is None:
            raise CommandError(f"no story for {url!r}")
        return found

    def handle(self, *args: Any, **options: Any) -> None:
        site = None
        if options["site"]:
            site = site_by_slug(slug=options["site"])
            if site is None:
                raise CommandError(f"no site with slug {options['site']!r}")
        story = self._story(options["story"], site) if options["story"] else None
        exporter = EXPORTERS[options["format"]]
        total = export_comment_count(site=site, story=story)
        output = (
            options["output"].open("w", encoding="utf-8", newline="\n")
            if options["output"]
            else self.stdout._out
        )
        try:
            with tqdm(
                total=total,
                unit="comment",
                desc=f"export {options['format']}",
                disable=options["no_progress"] or options["output"] is None,
                file=sys.stderr,
            ) as bar:
                counts = exporter(
                    stream=output,
                    site=site,
                    story=story,
                    include_private=options["include_private"],
                    progress=bar.update,
                )
        finally:
            if options["output"]:
                output.close()
        if options["output"]:
            private = "with" if options["include_private"] else "without"
            self.stderr.write(
                f"exported {counts.stories} stories and {counts.comments} comments "
                f"({private} e-mail addresses) to {options['output']}"
            )
