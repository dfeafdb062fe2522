"""``townsquare expire_ips``: erase raw IP addresses older than IP_RETENTION_DAYS (run daily)."""

from __future__ import annotations

from django.conf import settings

from townsquare.lib.commands import DatabaseCommand
from townsquare.moderation.retention import raw_ips_expire


class Command(DatabaseCommand):
    help = (
        "Erase the raw IP address of comments older than IP_RETENTION_DAYS (the keyed IP hash "
        "is kept). Run it daily, from cron or a systemd timer."
    )

    def handle(self, *args, **options) -> None:
        erased = raw_ips_expire()
        days = settings.IP_RETENTION_DAYS
        self.stdout.write(
            f"Erased the raw IP address of {erased} comment{'s' if erased != 1 else ''} "
            f"older than {days} day{'s' if days != 1 else ''}."
        )
