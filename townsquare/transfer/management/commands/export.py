"""``townsquare export --format jsonl|wxr [--site S] [--story URL] [--include-private]``."""

from __future__ import annotations

import ipaddress
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import CommandError
from django.urls import Resolver404, resolve
from tqdm import tqdm

from townsquare.lib.commands import DatabaseCommand
from townsquare.sites.selectors import site_by_slug, site_default
from townsquare.stories.models import Story
from townsquare.stories.selectors import story_for_canonical_url
from townsquare.transfer.export import EXPORTERS, FORMATS, export_comment_count


def is_local_address(url: str) -> bool:
    """Whether ``url``'s host is this machine only (localhost, a loopback or unspecified IP)."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


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
        parser.add_argument(
            "--site-url",
            default="",
            help="the address readers reach this installation at, for the links to its hosted "
            "stories (default: SITE_URL; required when SITE_URL is a local address)",
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

    def _site_url(self, given: str) -> str:
        """The base of hosted stories' links: --site-url, else a SITE_URL readers can reach.

        Run by hand, from a shell without the server's environment, SITE_URL is the demo's
        http://127.0.0.1:8000, and the export would send every hosted story's link there.
        """
        if given:
            parts = urlsplit(given)
            if parts.scheme not in {"http", "https"} or not parts.hostname:
                raise CommandError(f"--site-url {given!r} is not an http(s) address")
            return given.rstrip("/")
        if is_local_address(settings.SITE_URL):
            raise CommandError(
                f"SITE_URL is {settings.SITE_URL}, a local address (the default when SITE_URL "
                "is not set), so the export's links to hosted stories would lead nowhere. Run "
                "it with the server's environment (SITE_URL=https://comments.example.org), or "
                "pass --site-url URL."
            )
        return settings.SITE_URL

    def handle(self, *args: Any, **options: Any) -> None:
        site_url = self._site_url(options["site_url"])
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
                    site_url=site_url,
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
