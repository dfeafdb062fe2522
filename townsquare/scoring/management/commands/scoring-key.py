"""``townsquare scoring-key create --site SLUG [--name NAME] | list [--site SLUG] | revoke PREFIX``.

The key is printed once, by ``create``; only its hash is stored.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from townsquare.lib.commands import DatabaseCommand
from townsquare.scoring.models import AnalysisKey
from townsquare.scoring.services import analysis_key_create, analysis_key_revoke
from townsquare.sites.models import Site


class Command(DatabaseCommand):
    help = "Make, list and revoke a site's analysis keys (the Perspective-compatible endpoint)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("create", help="make a key for a site and print it (once)")
        p.add_argument("--site", required=True, help="the site's slug")
        p.add_argument("--name", default="Coral", help="what the key is for")
        p.add_argument(
            "--rate-per-minute",
            type=int,
            default=None,
            help="calls a minute this key may make (default SCORING_KEY_RATE_PER_MINUTE)",
        )
        p = sub.add_parser("list", help="the keys (prefixes only), live and revoked")
        p.add_argument("--site", default=None, help="only this site's keys (slug)")
        p = sub.add_parser("revoke", help="revoke a key by its prefix (as `list` shows it)")
        p.add_argument("prefix", help="the key's first characters, as `list` shows them")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"do_{options['action']}")(options)

    def do_create(self, options: dict[str, Any]) -> None:
        site = Site.objects.filter(slug=options["site"]).first()
        if site is None:
            raise CommandError(f"no site with slug {options['site']!r}")
        try:
            record, key = analysis_key_create(
                site=site, name=options["name"], rate_per_minute=options["rate_per_minute"]
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(key)
        self.stderr.write(
            f"Analysis key {record.prefix}… for {site.slug} made. It is shown only now: "
            "paste it in Coral's Toxic comments → API key."
        )

    def do_list(self, options: dict[str, Any]) -> None:
        keys = AnalysisKey.objects.select_related("site").order_by("site__slug", "-created_at")
        if options["site"]:
            keys = keys.filter(site__slug=options["site"])
        for key in keys[:500]:
            state = "live" if key.is_live else f"revoked {key.revoked_at:%Y-%m-%d}"
            used = f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "never"
            self.stdout.write(
                f"{key.prefix}…\t{key.site.slug}\t{key.name}\t{state}\tlast used {used}"
            )

    def do_revoke(self, options: dict[str, Any]) -> None:
        prefix = options["prefix"].rstrip("…")
        matches = list(AnalysisKey.objects.filter(prefix=prefix, revoked_at__isnull=True)[:2])
        if len(matches) != 1:
            raise CommandError(
                f"{len(matches) or 'no'} live keys start {prefix!r}: "
                "see `townsquare scoring-key list`"
            )
        analysis_key_revoke(key=matches[0])
        self.stdout.write(f"revoked {prefix}…")
