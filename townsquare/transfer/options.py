"""What an import is asked to do (``ImportOptions``), and the refusal to start one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, tzinfo
from typing import TextIO

from townsquare.comments.models import Comment
from townsquare.sites.models import Site


class ImportRefused(Exception):
    """The import cannot start (unknown site, bad option); nothing was read or written."""


@dataclass
class ImportOptions:
    site: Site
    dry_run: bool = False
    # What a comment whose source status is missing or unknown becomes.
    unknown_status: str = Comment.Status.PENDING
    # A rejection reason makes imported spam "rejected" and imported deletions "removed" with
    # that reason, so that ``civility learn --from-decisions`` can learn from them.
    spam_reason: str = ""
    deleted_reason: str = ""
    # Rewrite http:// page URLs to https:// (for a site that moved).
    https: bool = False
    # Isso (both formats) and Commento store paths; this is the site's address to join them to.
    base_url: str = ""
    # WordPress comments without a GMT date, when the file does not reveal the blog's offset;
    # Isso's generic JSON, whose dates are the Isso server's local time.
    fallback_timezone: tzinfo = UTC
    progress: bool = False
    progress_file: TextIO | None = None
    # Worker processes preparing comments (HTML conversion, checks, rendering); None: as many
    # as there are CPUs (at most 4) for a big file, none for a small one.
    workers: int | None = None
    # XML formats: skip (and report) records that are not well-formed instead of refusing the
    # file; see sources/xmlrecover.py.
    recover: bool = False
