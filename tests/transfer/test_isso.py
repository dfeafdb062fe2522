"""Isso's SQLite database: modes, paths joined to the site's address, tolerance, round trip."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.transfer.conftest import assert_round_trips, by_source_id, run_import
from townsquare.comments.models import Comment
from townsquare.sites.selectors import site_default
from townsquare.transfer.records import ImportFileError
from townsquare.transfer.services import ImportRefused

pytestmark = pytest.mark.django_db
BASE = "https://courier.example"


def test_modes_threads_and_tolerances(isso_db):
    report = run_import("isso", isso_db, base_url=BASE)
    c = by_source_id("isso")
    assert c["1"].status == Comment.Status.PUBLISHED
    assert c["1"].created_at == datetime(2021, 2, 1, 9, 0, 0, 250000, tzinfo=UTC)
    assert c["1"].body_html.startswith("<p>I <em>support</em> the plan.</p>")
    assert c["3"].status == Comment.Status.PENDING and c["3"].author_url == ""
    # A deleted comment Isso kept as a placeholder for its reply: a tombstone without a name.
    assert c["4"].status == Comment.Status.DELETED and c["4"].author_name == ""
    assert c["5"].parent == c["4"] and c["5"].author_name == "Anonymous"
    # Comment 2 answers comment 5, which has a higher id.
    assert c["2"].parent == c["5"] and c["2"].depth == 2
    assert c["1"].story.canonical_url == "https://courier.example/2021/harbour-vote"
    assert c["1"].story.headline == "Harbour vote: what you told us"
    assert c["6"].story.canonical_url == "https://courier.example/2021/ferry?page=2"
    # Isso threads have no date: the story takes its first comment's.
    assert c["6"].story.published_at == c["6"].created_at
    assert c["9"].status == Comment.Status.PENDING  # a mode Isso never wrote
    reasons = {source_id: reason for _, source_id, reason in report.skipped}
    assert "not in the file" in reasons["7"]
    assert "thread without uri" in reasons["3"] or "thread without uri" in reasons["8"]
    assert c["6"].body == "Ünïcödé and \u200fעברית\u200f are fine."


def test_the_sites_allowed_origin_is_the_default_base_url(isso_db):
    site = site_default()
    site.allowed_origins = ["https://news.example"]
    site.save()
    run_import("isso", isso_db, site=site)
    assert by_source_id("isso")["1"].story.canonical_url.startswith("https://news.example/")


def test_without_any_base_url_it_says_what_to_do(isso_db):
    with pytest.raises(ImportFileError, match="--base-url"):
        run_import("isso", isso_db)


def test_a_bad_base_url_is_refused(isso_db):
    with pytest.raises(ImportRefused):
        run_import("isso", isso_db, base_url="javascript:alert(1)")


def test_importing_again_adds_nothing(isso_db):
    first = run_import("isso", isso_db, base_url=BASE)
    second = run_import("isso", isso_db, base_url=BASE)
    assert second.imported == 0 and second.already_imported == first.imported


def test_a_file_that_is_not_an_isso_database_imports_nothing(tmp_path):
    not_db = tmp_path / "comments.db"
    not_db.write_text("this is a text file\n")
    with pytest.raises(ImportFileError, match="not an Isso"):
        run_import("isso", not_db, base_url=BASE)
    import sqlite3

    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE notes (id INTEGER)").connection.close()
    with pytest.raises(ImportFileError, match="no comments or threads table"):
        run_import("isso", other, base_url=BASE)
    assert Comment.objects.count() == 0


def test_a_row_without_a_date_is_skipped_and_a_damaged_database_imports_nothing(isso_db):
    import sqlite3

    connection = sqlite3.connect(isso_db)
    connection.execute(
        "INSERT INTO comments (tid, id, created, voters) VALUES (1, 50, 'soon', x'')"
    )
    connection.commit()
    connection.close()
    report = run_import("isso", isso_db, base_url=BASE)
    assert ("comment", "50", "no usable date") in report.skipped
    Comment.objects.all().delete()
    data = isso_db.read_bytes()
    isso_db.write_bytes(data[: len(data) // 2])  # a copy cut short
    with pytest.raises(ImportFileError):
        run_import("isso", isso_db, base_url=BASE)
    assert Comment.objects.count() == 0


def test_round_trip(isso_db, tmp_path):
    run_import("isso", isso_db, base_url=BASE)
    assert_round_trips(tmp_path)
