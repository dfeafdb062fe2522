"""Importing comments from other systems, and scoring what was imported.

``import_file`` reads a file with one of the parsers in ``sources/`` (streaming: the file is
never held in memory) and writes stories and comments in one database transaction: a file that
turns out to be malformed half-way stops with the line and column, and nothing of it is kept.
``--dry-run`` runs exactly the same code and rolls the transaction back, so what it reports is
what a real run would do.

Imported comments do not go through the moderation pipeline: their moderation happened on the
old site, and the statuses say how it ended (see docs/import.md for each format's map). They are
written in batches (``bulk.rows_insert``); their HTML comes from the same ``render_comment`` that
``comments.services.comment_create`` uses, and the SQLite full-text triggers index them as they
are inserted. Threads are matched to stories by canonical URL and created when missing. The
source's ids are kept in ``ImportedRecord``, so running an import again adds only what is new.

Replies are written after the comment they answer, wherever they appear in the file; a reply
whose parent never appears is imported at the top level and noted. Replies nest as the reply
form nests them: below ``COMMENTS_MAX_DEPTH`` levels, then beside their parent with
``reply_to`` naming the comment answered.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from django.db import connection, transaction
from tqdm import tqdm

from townsquare.lib.urls import InvalidURL, origin
from townsquare.transfer.formats import FORMAT_NAMES, PARSERS, RECOVERABLE
from townsquare.transfer.importer import Importer
from townsquare.transfer.options import ImportOptions, ImportRefused
from townsquare.transfer.records import (
    CommentRecord,
    SkipRecord,
    Source,
    SourceInfo,
    ThreadRecord,
)
from townsquare.transfer.report import ImportReport
from townsquare.transfer.sources import isso

__all__ = [
    "FORMAT_NAMES",
    "PARSERS",
    "RECOVERABLE",
    "ImportOptions",
    "ImportRefused",
    "ImportReport",
    "import_file",
]


class _DryRunRollback(Exception):
    pass


def _progress_bar(*, source: str, path: Path, options: ImportOptions):
    if source == "isso":
        total, unit, scale = isso.count(path), "comment", False
    else:
        total, unit, scale = path.stat().st_size, "B", True
    return tqdm(
        total=total,
        unit=unit,
        unit_scale=scale,
        desc=f"import {source}",
        disable=not options.progress,
        file=options.progress_file or sys.stderr,
        mininterval=0.5,
    )


# Below this size a file is prepared in the importing process: starting workers costs more.
PARALLEL_FROM_BYTES = 4 << 20
PARALLEL_FROM_ROWS = 5000


def _workers_for(*, source: str, path: Path, options: ImportOptions) -> int:
    if options.workers is not None:
        return max(0, options.workers)
    big = (
        isso.count(path) >= PARALLEL_FROM_ROWS
        if source == "isso"
        else path.stat().st_size >= PARALLEL_FROM_BYTES
    )
    return min(4, os.cpu_count() or 1) if big else 0


# SQLite's page cache for the importing connection, in KiB (its default is 2 MiB): the comments
# table's indexes are written in random order, and pages evicted between two batches are read
# back from the operating system again and again.
SQLITE_IMPORT_CACHE_KIB = 65536


def _sqlite_cache_size(size: int | None) -> int | None:
    """Set the SQLite connection's ``cache_size`` (negative: KiB; positive: pages) and return
    the one it had; None (and nothing done) on PostgreSQL or when ``size`` is None."""
    if connection.vendor != "sqlite" or size is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {int(size)}")
    return before


def import_file(*, source: str, path: Path, options: ImportOptions) -> ImportReport:
    """Import one file of format ``source`` into ``options.site``; see the module docstring.

    Raises ``ImportFileError`` (with line and column where the format has them) when the file
    is malformed or unsafe; nothing is written then. Returns what was (or, for a dry run, would
    be) imported and every record skipped or adjusted, with the reason.
    """
    from townsquare.moderation.models import AuditEntry
    from townsquare.moderation.services import audit_record

    if source not in PARSERS:
        raise ImportRefused(f"unknown format {source!r}; choose one of {', '.join(PARSERS)}")
    if not path.exists():
        raise ImportRefused(f"no such file: {path}")
    if options.recover and source not in RECOVERABLE:
        raise ImportRefused(
            f"--recover reads XML files ({', '.join(RECOVERABLE)}); {source} files are read "
            "strictly"
        )
    if source in ("isso", "isso-generic", "commento") and options.base_url:
        try:
            origin(options.base_url)
        except InvalidURL as exc:
            raise ImportRefused(f"--base-url: {exc}") from exc
    base_url = options.base_url
    if source in ("isso", "isso-generic") and not base_url:
        # Isso stores paths only; the site's own address is the natural base.
        base_url = (options.site.allowed_origins or [""])[0]
    report = ImportReport(
        source=source,
        path=str(path),
        site=options.site.slug,
        dry_run=options.dry_run,
        recover=options.recover,
    )
    started = time.perf_counter()
    bar = _progress_bar(source=source, path=path, options=options)
    written = [0]

    def comments_written(n: int) -> None:
        written[0] += n
        elapsed = max(time.perf_counter() - started, 1e-6)
        bar.set_postfix(comments=written[0], per_s=f"{written[0] / elapsed:.0f}", refresh=False)

    parse = PARSERS[source]
    file = Source(path=path, progress=bar.update)
    workers = _workers_for(source=source, path=path, options=options)
    importer = Importer(source=source, options=options, report=report)
    importer.on_comments = comments_written
    cache_before = _sqlite_cache_size(-SQLITE_IMPORT_CACHE_KIB)
    try:
        with transaction.atomic():
            for record in parse(
                file,
                base_url=base_url,
                fallback_timezone=options.fallback_timezone,
                recover=options.recover,
            ):
                if not isinstance(record, SourceInfo) and importer.preparer is None:
                    importer.start(source_site="", workers=workers)
                if isinstance(record, CommentRecord):
                    importer.comment(record)
                elif isinstance(record, ThreadRecord):
                    importer.thread(record)
                elif isinstance(record, SkipRecord):
                    if record.kind == "comment":
                        importer.skip(record.source_id, record.reason, record.scope)
                    else:
                        report.skip(record.kind, record.source_id, record.reason)
                elif isinstance(record, SourceInfo) and importer.preparer is None:
                    report.source_site = record.site[:300]
                    importer.start(source_site=report.source_site, workers=workers)
            importer.finish()
            report.seconds = time.perf_counter() - started
            audit_record(
                action="import",
                actor_kind=AuditEntry.ActorKind.SYSTEM,
                reason=f"Imported {report.imported} comments from {FORMAT_NAMES[source]} "
                f"({path.name}).",
                details={
                    "format": source,
                    "file": path.name,
                    "site": options.site.slug,
                    "source_site": report.source_site,
                    "comments": dict(report.comments_by_status),
                    "stories_created": report.stories_created,
                    "skipped": len(report.skipped),
                    "already_imported": report.already_imported,
                },
            )
            if options.dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    finally:
        if importer.preparer is not None:
            importer.preparer.close()
        bar.close()
        _sqlite_cache_size(cache_before)
    report.seconds = time.perf_counter() - started
    return report
