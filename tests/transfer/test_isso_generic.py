"""Isso's generic JSON (``isso import --type generic``): threads, per-thread ids, dates."""

from __future__ import annotations

import io
import json
import zoneinfo
from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from tests.transfer.conftest import fixture, run_import
from townsquare.comments.models import Comment
from townsquare.transfer.records import ImportFileError

pytestmark = pytest.mark.django_db
BASE = "https://courier.example"
FILE = "isso-generic.json"


def comment(author: str) -> Comment:
    return Comment.objects.select_related("story", "commenter").get(author_name=author)


def test_threads_comments_and_per_thread_ids():
    report = run_import("isso-generic", fixture(FILE), base_url=BASE)
    first, reply = comment("Morwenna Tate"), comment("Idris Vale")
    # Comment 1 of each thread is a different comment.
    fares = comment("Quill Harrow")
    assert first.pk != fares.pk and first.story != fares.story
    assert first.story.canonical_url == "https://courier.example/2023/lighthouse-keepers"
    assert first.story.headline == "The last lighthouse keepers"
    assert fares.story.canonical_url == "https://courier.example/2023/ferry-fares?page=2"
    assert first.body == "My grandfather kept the *north* light for thirty years."
    assert "<em>north</em>" in first.body_html
    assert first.commenter.email == "morwenna@example.org"
    assert first.author_url == "https://morwenna.example/"
    assert reply.parent == first  # an optional "parent" nests the reply in its thread
    assert reply.commenter.email.endswith("@import.invalid")
    assert fares.author_url == "" and fares.raw_ip is None
    assert first.status == fares.status == Comment.Status.PUBLISHED  # as Isso imports them
    assert comment("Waiting Reader").status == Comment.Status.PENDING  # an optional "mode"
    assert report.comments_by_status == {"published": 4, "pending": 1}
    reasons = {source_id: reason for _, source_id, reason in report.skipped}
    assert reasons["4"] == "empty comment"
    assert reasons["#3"] == "thread without id" and reasons["1"] == "its thread has no id"


def test_dates_are_the_isso_servers_local_time_and_a_missing_one_is_the_import_time():
    before = datetime.now(UTC)
    report = run_import(
        "isso-generic",
        fixture(FILE),
        base_url=BASE,
        fallback_timezone=zoneinfo.ZoneInfo("Europe/Lisbon"),
    )
    # Lisbon is UTC+1 in April (summer time).
    assert comment("Morwenna Tate").created_at == datetime(2023, 4, 2, 9, 15, tzinfo=UTC)
    assert comment("Waiting Reader").created_at == datetime(2023, 5, 10, 7, 0, tzinfo=UTC)
    undated = comment("No Date")
    assert before <= undated.created_at <= datetime.now(UTC)
    notes = [note for _, note in report.adjusted if note.startswith("no date")]
    assert notes == [notes[0]] and "the time of the import" in notes[0]
    # Isso threads have no date: the story takes its first comment's.
    assert comment("Morwenna Tate").story.published_at == comment("Morwenna Tate").created_at


def test_importing_again_adds_nothing():
    first = run_import("isso-generic", fixture(FILE), base_url=BASE)
    again = run_import("isso-generic", fixture(FILE), base_url=BASE)
    assert first.imported == 5
    assert again.imported == 0 and again.already_imported == 5
    assert Comment.objects.count() == 5


def test_a_file_that_is_not_a_json_array_imports_nothing(tmp_path):
    wrong = tmp_path / "dump.json"
    wrong.write_text('{"threads": []}')
    with pytest.raises(ImportFileError, match="JSON array"):
        run_import("isso-generic", wrong, base_url=BASE)
    cut = tmp_path / "cut.json"
    cut.write_text(fixture(FILE).read_text(encoding="utf-8")[:900])
    with pytest.raises(ImportFileError) as refused:
        run_import("isso-generic", cut, base_url=BASE)
    assert refused.value.line is not None
    assert Comment.objects.count() == 0


def test_the_command_names_the_format():
    out = io.StringIO()
    call_command(
        "import",
        "isso-generic",
        str(fixture(FILE)),
        "--base-url",
        BASE,
        "--no-progress",
        stdout=out,
    )
    assert "Isso (generic JSON) file" in out.getvalue()
    assert "comments imported: 5" in out.getvalue()


def test_a_thread_id_longer_than_the_stored_id_is_kept_and_found_again(tmp_path):
    from townsquare.transfer.models import ImportedRecord

    path = "/" + "/".join(["a-very-long-section-name"] * 12) + "/"
    dump = tmp_path / "long.json"

    def entry(author: str, created: str) -> dict:
        email = f"{author.lower()}@example.org"
        return {"id": "1", "author": author, "email": email, "created": created, "text": "Hi."}

    threads = [
        {"id": path, "title": "Long", "comments": [entry("A", "2023-01-01 09:00:00")]},
        {"id": path + "x", "title": "Longer", "comments": [entry("C", "2023-01-02 09:00:00")]},
    ]
    threads[0]["comments"].append(entry("B", "2023-01-01 10:00:00"))  # the same id again
    dump.write_text(json.dumps(threads))
    report = run_import("isso-generic", dump, base_url=BASE)
    assert report.imported == 2 and len(path) > 250
    assert report.skipped == [("comment", "1", "the same id appears twice in its thread")]
    stored = list(ImportedRecord.objects.values_list("source_id", flat=True))
    assert all(len(source_id) <= 200 for source_id in stored) and len(set(stored)) == 4
    again = run_import("isso-generic", dump, base_url=BASE)
    assert again.imported == 0 and again.already_imported == 2 and again.stories_created == 0
