"""Remark42 backups (JSON Lines): statuses, pins, read-only posts, tolerance, round trip."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from tests.transfer.conftest import assert_round_trips, by_source_id, fixture, run_import
from townsquare.comments.models import Comment
from townsquare.transfer.records import ImportFileError

pytestmark = pytest.mark.django_db


def test_statuses_threading_and_tolerances():
    report = run_import("remark42", fixture("remark42.jsonl"))
    c = by_source_id("remark42")
    assert report.source_site == "courier"
    first = c["c3d2b1a0-0001"]
    assert first.featured and first.body == "The bridge closes at **ten** tonight."
    assert first.created_at == datetime(2022, 1, 10, 18, 0, 0, 123456, tzinfo=UTC)
    assert first.story.comments_open is False  # read_only in the backup's metadata
    assert first.story.headline == "Bridge works: what to expect"
    assert first.story.published_at == first.created_at
    assert c["c3d2b1a0-0003"].parent == c["c3d2b1a0-0002"]
    deleted = c["c3d2b1a0-0004"]
    assert deleted.status == Comment.Status.DELETED and deleted.author_name == "deleted"
    assert c["c3d2b1a0-0005"].parent == deleted
    assert c["c3d2b1a0-0005"].created_at == datetime(2022, 2, 1, 7, 0, tzinfo=UTC)
    assert c["c3d2b1a0-0007"].body == "Written in Markdown only, *no HTML* kept."
    reasons = {source_id: reason for _, source_id, reason in report.skipped}
    assert reasons == {"c3d2b1a0-0006": "comment without locator.url"}
    # Remark42 keeps no addresses: one author, one undeliverable address.
    assert c["c3d2b1a0-0001"].commenter.email.endswith("@import.invalid")
    assert c["c3d2b1a0-0001"].commenter != c["c3d2b1a0-0002"].commenter


def test_gzipped_backups_are_read_as_they_come(tmp_path):
    packed = tmp_path / "backup-courier-20220301.gz"
    packed.write_bytes(gzip.compress(fixture("remark42.jsonl").read_bytes()))
    assert run_import("remark42", packed).imported == 6


def test_importing_again_adds_nothing():
    first = run_import("remark42", fixture("remark42.jsonl"))
    second = run_import("remark42", fixture("remark42.jsonl"))
    assert second.imported == 0 and second.already_imported == first.imported


def test_a_malformed_line_stops_with_line_and_column_and_imports_nothing(tmp_path):
    lines = fixture("remark42.jsonl").read_text(encoding="utf-8").splitlines()
    lines[4] = lines[4].replace('"pid":""', '"pid":""', 1).replace(',"text"', ' "text"', 1)
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as refused:
        run_import("remark42", broken)
    assert refused.value.line == 5
    assert refused.value.column == lines[4].index(' "text"') + 2
    assert Comment.objects.count() == 0


def test_round_trip(tmp_path):
    run_import("remark42", fixture("remark42.jsonl"))
    assert_round_trips(tmp_path)
