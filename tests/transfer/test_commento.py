"""Commento JSON exports: states, commenters listed after comments, tolerance, round trip."""

from __future__ import annotations

import pytest

from tests.transfer.conftest import assert_round_trips, by_source_id, fixture, run_import
from townsquare.comments.models import Comment
from townsquare.transfer.records import ImportFileError
from townsquare.transfer.sources import jsonstream

pytestmark = pytest.mark.django_db


def test_states_threading_and_tolerances():
    report = run_import("commento", fixture("commento.json"))
    c = by_source_id("commento")
    assert report.source_site == "courier.example"
    assert c["a1"].status == Comment.Status.PUBLISHED
    assert c["a1"].commenter.email == "pier.fan@example.org" and c["a1"].author_url == ""
    assert c["a1"].story.canonical_url == "https://courier.example/2023/04/pier"
    assert c["a2"].status == Comment.Status.PENDING and c["a2"].author_name == "Anonymous"
    assert c["a3"].parent == c["a2"]
    assert c["a4"].status == Comment.Status.PENDING  # flagged by Commento's spam check
    assert c["a4"].author_url == ""  # javascript: link dropped
    assert c["a5"].status == Comment.Status.DELETED and c["a6"].parent == c["a5"]
    assert c["a6"].body == "Only *HTML* here, and \u200fעברית\u200f too."
    assert c["a7"].author_name == "Anonymous"  # a commenter the export does not list
    assert any("spam check" in note for source_id, note in report.adjusted if source_id == "a4")


def test_base_url_replaces_the_guessed_https_origin():
    run_import("commento", fixture("commento.json"), base_url="http://localhost:8080")
    assert (
        by_source_id("commento")["a1"].story.canonical_url == "http://localhost:8080/2023/04/pier"
    )


def test_importing_again_adds_nothing():
    first = run_import("commento", fixture("commento.json"))
    second = run_import("commento", fixture("commento.json"))
    assert second.imported == 0 and second.already_imported == first.imported


def test_a_malformed_file_stops_with_line_and_column_and_imports_nothing(tmp_path):
    lines = fixture("commento.json").read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if '"commentHex": "a6"' in line)
    lines[number - 1] = lines[number - 1].replace('"state": "approved",', '"state": "approved"', 1)
    broken = tmp_path / "broken.json"
    broken.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ImportFileError) as refused:
        run_import("commento", broken)
    assert refused.value.line == number
    assert refused.value.column == lines[number - 1].index('"state": "approved"') + 21
    assert Comment.objects.count() == 0


def test_the_stream_reader_holds_one_element_at_a_time(tmp_path, monkeypatch):
    """A big array is read in small chunks; the buffer never holds the whole document."""
    monkeypatch.setattr(jsonstream, "CHUNK", 64)
    big = tmp_path / "big.json"
    items = ",".join(f'{{"n": {n}, "text": "{"x" * 50}"}}' for n in range(2000))
    big.write_text(f'{{"version": 1, "comments": [{items}], "commenters": []}}')
    seen = []
    largest = 0
    with big.open("rb") as stream:
        reader_items = jsonstream.array_items(stream, "comments")
        for item in reader_items:
            seen.append(item["n"])
            frame = reader_items.gi_frame
            reader = frame.f_locals.get("reader") if frame else None
            if reader is not None:
                largest = max(largest, len(reader.buffer))
    assert seen == list(range(2000))
    assert 0 < largest < 1000, largest


def test_round_trip(tmp_path):
    run_import("commento", fixture("commento.json"))
    assert_round_trips(tmp_path)
