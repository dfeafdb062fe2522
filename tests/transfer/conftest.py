from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from townsquare.comments.models import Comment, Commenter
from townsquare.sites.selectors import site_default
from townsquare.stories.models import Story
from townsquare.transfer.export import export_jsonl, export_wxr
from townsquare.transfer.services import ImportOptions, import_file

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> Path:
    return FIXTURES / name


def run_import(source: str, path: Path, **options):
    options.setdefault("site", site_default())
    options.setdefault("workers", 0)
    return import_file(source=source, path=path, options=ImportOptions(**options))


@pytest.fixture
def isso_db(tmp_path) -> Path:
    path = tmp_path / "comments.db"
    connection = sqlite3.connect(path)
    connection.executescript(fixture("isso.sql").read_text(encoding="utf-8"))
    connection.commit()
    connection.close()
    return path


def by_source_id(source: str) -> dict[str, Comment]:
    from townsquare.transfer.models import ImportedRecord

    records = ImportedRecord.objects.filter(source=source, kind="comment").select_related(
        "comment", "comment__commenter", "comment__story"
    )
    return {record.source_id: record.comment for record in records}


def exported(fmt: str = "jsonl", *, include_private: bool = True) -> str:
    stream = io.StringIO()
    (export_jsonl if fmt == "jsonl" else export_wxr)(stream=stream, include_private=include_private)
    return stream.getvalue()


def wipe() -> None:
    """Everything a fresh installation would not have: stories, comments, commenters."""
    Comment.objects.all().delete()
    Story.objects.all().delete()
    Commenter.objects.all().delete()


def normalised(jsonl: str) -> list[dict]:
    """An export with the installation's own numbering replaced by order of appearance.

    Ids, author keys and the export time differ between installations by nature; everything
    else must be identical after a round trip.
    """
    numbers: dict[tuple[str, object], int] = {}

    def number(kind: str, value):
        if value is None:
            return None
        return numbers.setdefault((kind, value), len([k for k in numbers if k[0] == kind]) + 1)

    lines = [json.loads(line) for line in jsonl.splitlines() if line.strip()]
    out = []
    for line in lines[1:]:
        line = dict(line)
        if line["type"] == "story":
            line["id"] = number("story", line["id"])
        else:
            line["id"] = number("comment", line["id"])
            line["story"] = number("story", line["story"])
            line["parent"] = number("comment", line["parent"])
            line["reply_to"] = number("comment", line["reply_to"])
            line["author"] = {**line["author"], "key": number("author", line["author"]["key"])}
        out.append(line)
    return out


def assert_round_trips(tmp_path: Path, *, include_private: bool = True) -> list[dict]:
    """Export, wipe, import the export into the empty database, export again: identical.

    Done for both export formats (JSONL → ``import jsonl``, WXR → ``import wordpress``).
    Returns the normalised export for further checks.
    """
    first = exported("jsonl", include_private=include_private)
    wxr = exported("wxr", include_private=include_private)
    original = normalised(first)
    assert original, "nothing was exported"
    for fmt, text, importer in (("jsonl", first, "jsonl"), ("wxr", wxr, "wordpress")):
        path = tmp_path / f"export.{fmt}"
        path.write_text(text, encoding="utf-8")
        wipe()
        report = run_import(importer, path)
        assert not report.skipped, report.skipped
        again = normalised(exported("jsonl", include_private=include_private))
        assert again == original, f"{fmt} round trip differs"
    return original
