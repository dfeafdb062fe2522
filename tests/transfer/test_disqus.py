"""Disqus export XML: statuses, tolerance, idempotency, malformed files, round trip."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.transfer.conftest import assert_round_trips, by_source_id, fixture, run_import
from townsquare.comments.models import Comment
from townsquare.stories.models import Story
from townsquare.transfer.models import ImportedRecord
from townsquare.transfer.records import ImportFileError

pytestmark = pytest.mark.django_db


def skipped(report) -> dict[str, str]:
    return {source_id: reason for _, source_id, reason in report.skipped}


def test_statuses_threads_and_tolerances():
    report = run_import("disqus", fixture("disqus.xml"))
    c = by_source_id("disqus")
    assert report.source_site == "harbourcourier"
    assert c["9001"].status == Comment.Status.PUBLISHED
    assert c["9004"].status == Comment.Status.SPAM
    assert c["9005"].status == Comment.Status.DELETED and c["9006"].parent == c["9005"]
    assert c["9003"].parent == c["9002"] and c["9002"].parent == c["9001"]
    assert c["9001"].created_at == datetime(2020, 5, 11, 9, 0, tzinfo=UTC)
    # The market thread: scheme/host case, default port, tracking parameter and fragment go.
    market = c["9007"].story
    assert market.canonical_url == "http://courier.example/2020/06/market"
    assert market.comments_open is False
    assert market.headline == "The market moves to the quay"
    # A post without dsq:id is known by its <id>; a thread defined after its posts still works.
    assert c["legacy-abc-123"].story == market
    assert c["9012"].story.canonical_url == "https://courier.example/2020/08/festival"


def test_what_is_skipped_and_why():
    report = run_import("disqus", fixture("disqus.xml"))
    reasons = skipped(report)
    assert "7777" in reasons["9008"] and "not in the file" in reasons["9008"]
    assert "deleted in Disqus" in reasons["9009"]
    assert reasons["9011"] == "empty comment"
    assert reasons["9013"] == "no usable date"
    assert "not an http(s) URL" in reasons["5004"]
    assert reasons["5003"] == "thread deleted in Disqus"
    assert not Story.objects.filter(canonical_url__contains="withdrawn").exists()


def test_html_messages_become_our_markdown():
    run_import("disqus", fixture("disqus.xml"))
    c = by_source_id("disqus")
    assert c["9001"].body == (
        "The seawall needs **rebar**, not paint.\n\n"
        "See [the engineers' report](https://courier.example/seawall-report).\n"
        "Page 4 has the numbers.\n\n"
        "> Repairs are overdue."
    )
    assert "<blockquote>" in c["9001"].body_html and 'rel="nofollow ugc noopener"' in (
        c["9001"].body_html
    )
    assert c["9002"].body == "Paint is cheaper for now \\& the vote is close."
    assert c["9002"].body_html == "<p>Paint is cheaper for now &amp; the vote is close.</p>"
    assert c["9014"].body == "Ünïcödé: 港口 · \u200fעברית\u200f · العربية"


def test_authors_are_keyed_by_address_and_anonymous_ones_by_name():
    run_import("disqus", fixture("disqus.xml"))
    c = by_source_id("disqus")
    assert c["9001"].commenter == c["9006"].commenter  # same address, another name
    assert c["9006"].author_name == "Alder Q."
    guest = c["9007"].commenter
    assert guest.email.endswith("@import.invalid") and c["9007"].author_name == "Guest Reader"


def test_importing_again_adds_nothing_and_a_later_export_adds_only_the_new(tmp_path):
    first = run_import("disqus", fixture("disqus.xml"))
    again = run_import("disqus", fixture("disqus.xml"))
    assert again.imported == 0 and again.already_imported == first.imported
    assert Comment.objects.count() == first.imported
    # Next month's export has one more reply, to a comment imported last time.
    text = fixture("disqus.xml").read_text(encoding="utf-8")
    extra = (
        '<post dsq:id="9100"><message><![CDATA[<p>A month later.</p>]]></message>'
        "<createdAt>2020-06-11T09:00:00Z</createdAt><isDeleted>false</isDeleted>"
        "<isSpam>false</isSpam><author><email>new@example.org</email><name>New</name></author>"
        '<thread dsq:id="5001"/><parent dsq:id="9003"/></post>\n</disqus>'
    )
    later = tmp_path / "later.xml"
    later.write_text(text.replace("</disqus>", extra), encoding="utf-8")
    third = run_import("disqus", later)
    assert third.imported == 1
    c = by_source_id("disqus")
    assert c["9100"].parent == c["9003"] and c["9100"].root == c["9001"]


def test_a_malformed_file_stops_with_line_and_column_and_imports_nothing(tmp_path):
    lines = fixture("disqus.xml").read_text(encoding="utf-8").splitlines()
    # Cut the file inside a post near the end: everything before it was fine.
    number = next(i for i, line in enumerate(lines, 1) if 'dsq:id="9014"' in line)
    broken = tmp_path / "cut.xml"
    broken.write_text("\n".join(lines[: number + 2]) + "\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as refused:
        run_import("disqus", broken)
    assert refused.value.line == number + 3
    assert Comment.objects.count() == 0 and ImportedRecord.objects.count() == 0


@pytest.mark.parametrize("name", ["bomb.xml", "xxe.xml"])
@pytest.mark.parametrize("source", ["disqus", "wordpress"])
def test_entity_expansion_and_external_entities_are_refused(name, source):
    with pytest.raises(ImportFileError) as refused:
        run_import(source, fixture(name))
    assert "entit" in refused.value.message
    assert refused.value.line is not None and refused.value.line >= 3
    assert Comment.objects.count() == 0


def test_round_trip(tmp_path):
    run_import("disqus", fixture("disqus.xml"))
    assert_round_trips(tmp_path)
