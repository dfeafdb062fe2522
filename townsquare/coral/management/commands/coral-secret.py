"""``townsquare coral-secret create --site SLUG | list [--site SLUG] | revoke ID``."""

from __future__ import annotations

import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from townsquare.coral.selectors import coral_secret_by_id, coral_secrets_list, coral_secrets_live
from townsquare.coral.services import coral_secret_create, coral_secret_revoke
from townsquare.sites.models import Site
from townsquare.sites.selectors import site_by_slug


class Command(BaseCommand):
    help = (
        "Keep, list and revoke the signing secrets Coral's external moderation phase signs its "
        "requests with (docs/coral-phase.md). `create` reads the secret Coral shows: hidden "
        "prompt, or the first line of standard input with --secret-stdin."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Keep a secret Coral made for a site's phase.")
        create.add_argument("--site", required=True, help="The site's slug.")
        create.add_argument("--name", default="", help="What it is for (shown in lists).")
        create.add_argument(
            "--secret-stdin",
            action="store_true",
            help="Read the secret from the first line of standard input (for scripts).",
        )
        listing = sub.add_parser("list", help="Every secret, live and revoked.")
        listing.add_argument("--site", help="Only this site's (slug).")
        revoke = sub.add_parser("revoke", help="Stop accepting a secret (by the id `list` shows).")
        revoke.add_argument("id", type=int, help="The secret's id, as `list` shows it.")

    def execute(self, *args, **options):
        self.stdin = options.get("stdin", sys.stdin)
        return super().execute(*args, **options)

    def handle(self, *args, **options) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _site(self, slug: str) -> Site:
        site = site_by_slug(slug=slug)
        if site is None:
            known = ", ".join(Site.objects.values_list("slug", flat=True)[:20]) or "none"
            raise CommandError(f"No site “{slug}” (sites: {known}).")
        return site

    def _create(self, options) -> None:
        site = self._site(options["site"])
        if options["secret_stdin"]:
            secret = self.stdin.readline().strip()
        else:
            secret = getpass.getpass("Signing secret from Coral (not shown): ")
        try:
            kept = coral_secret_create(site=site, secret=secret, name=options["name"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        live = len(coral_secrets_live(site=site))
        self.stdout.write(
            self.style.SUCCESS(
                f"Kept secret #{kept.pk} ({kept.prefix}…) for site “{site.slug}”; "
                f"{live} live for this site."
            )
        )

    def _list(self, options) -> None:
        site = self._site(options["site"]) if options.get("site") else None
        rows = list(coral_secrets_list(site=site)[:500])
        if not rows:
            self.stdout.write("No Coral signing secrets.")
            return
        for row in rows:
            state = f"revoked {row.revoked_at:%Y-%m-%d %H:%M}" if row.revoked_at else "live"
            used = f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "never"
            self.stdout.write(
                f"#{row.pk}\t{row.site.slug}\t{row.prefix}…\t{state}\tlast used {used}\t{row.name}"
            )

    def _revoke(self, options) -> None:
        secret = coral_secret_by_id(pk=options["id"])
        if secret is None:
            raise CommandError(f"No Coral signing secret #{options['id']}.")
        if not coral_secret_revoke(secret=secret):
            raise CommandError(f"Secret #{secret.pk} was revoked already.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Revoked secret #{secret.pk} ({secret.prefix}…) of “{secret.site.slug}”."
            )
        )
