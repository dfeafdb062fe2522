"""WordPress WXR: statuses, tolerance of what real exports contain, idempotency, round trip."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.transfer.conftest import assert_round_trips, by_source_id, fixture, run_import, wipe
from townsquare.comments.models import Comment
from townsquare.stories.models import Story
from townsquare.transfer.records import ImportFileError

pytestmark = pytest.mark.django_db


def test_statuses_threading_and_stories():
    report = run_import("wordpress", fixture("wordpress-1.2.xml"))
    c = by_source_id("wordpress")
    assert c["101"].status == Comment.Status.PUBLISHED
    assert c["104"].status == Comment.Status.PENDING
    assert c["105"].status == Comment.Status.SPAM and c["105"].rejection_reason == "spam"
    assert c["106"].status == Comment.Status.DELETED
    # The trashed comment has a reply, so it stays in the thread as a tombstone.
    assert c["107"].parent == c["106"]
    # A reply exported before the comment it answers still nests under it.
    assert c["103"].parent == c["102"] and c["102"].parent == c["101"]
    assert c["103"].root == c["101"] and c["103"].depth == 2
    assert report.comments_by_status == {"published": 9, "pending": 3, "spam": 1, "deleted": 1}
    story = c["101"].story
    assert story.canonical_url == "https://courier.example/2021/03/ferry-timetable"
    assert story.headline == "Ferry timetable changes for the spring"
    assert story.published_at == datetime(2021, 3, 4, 14, 0, tzinfo=UTC)
    assert Story.objects.filter(canonical_url="https://courier.example/about").count() == 0


def test_pingbacks_trackbacks_and_other_types_are_skipped_and_counted():
    report = run_import("wordpress", fixture("wordpress-1.2.xml"))
    skipped = {source_id: reason for _, source_id, reason in report.skipped}
    assert skipped["108"] == "pingback"
    assert skipped["113"] == "trackback"
    assert "webmention" in skipped["114"]
    assert "108" not in by_source_id("wordpress")


def test_missing_or_empty_approval_is_held_for_a_moderator_and_noted():
    report = run_import("wordpress", fixture("wordpress-1.2.xml"))
    c = by_source_id("wordpress")
    assert c["109"].status == c["110"].status == Comment.Status.PENDING
    notes = dict(report.adjusted)
    assert "status unknown" in notes["109"] and "status unknown" in notes["110"]
    assert c["109"].markers[0]["check"] == "import"


def test_unknown_status_can_be_published_instead():
    run_import("wordpress", fixture("wordpress-1.2.xml"), unknown_status=Comment.Status.PUBLISHED)
    assert by_source_id("wordpress")["109"].status == Comment.Status.PUBLISHED


def test_missing_gmt_dates_use_the_blogs_offset_from_the_file():
    run_import("wordpress", fixture("wordpress-1.2.xml"))
    c = by_source_id("wordpress")
    # The post was written at 09:00 local, 14:00 GMT: the blog is at UTC-5.
    assert c["104"].created_at == datetime(2021, 3, 5, 13, 0, tzinfo=UTC)
    assert c["130"].created_at == datetime(2021, 2, 10, 13, 0, tzinfo=UTC)
    # A draft without a GMT date: the offset learnt from the file's other posts.
    assert c["120"].created_at == datetime(2021, 4, 1, 15, 0, tzinfo=UTC)


def test_html_becomes_safe_markdown_and_unsafe_values_are_dropped():
    report = run_import("wordpress", fixture("wordpress-1.2.xml"))
    c = by_source_id("wordpress")
    assert c["102"].body == (
        "**Agreed**, and [the map](https://courier.example/ferry-map) shows why. "
        "\\*Not emphasis\\* here."
    )
    assert "<script" not in c["102"].body_html and 'href="https://courier.example/ferry-map"' in (
        c["102"].body_html
    )
    assert "<em>" not in c["102"].body_html  # literal asterisks stay literal
    # WordPress turns newlines into breaks and blank lines into paragraphs; so do we.
    assert c["101"].body_html.count("<p>") == 2 and "<br>" in c["101"].body_html
    odd = c["111"]
    assert odd.author_url == ""
    assert "\u202e" not in odd.author_name and len(odd.author_name) <= 100
    assert odd.author_name.startswith("Moderator of the Courier")
    assert odd.commenter.email.endswith("@import.invalid")
    notes = [note for source_id, note in report.adjusted if source_id == "111"]
    assert any("javascript:alert(document.cookie)" in note for note in notes)
    assert any("e-mail address is not valid" in note for note in notes)
    assert any("formatting characters removed" in note for note in notes)


def test_non_ascii_and_right_to_left_text_is_kept():
    run_import("wordpress", fixture("wordpress-1.2.xml"))
    c = by_source_id("wordpress")["112"]
    assert c.author_name == "Zoë Ångström"
    assert c.body == "Ça coûte 3 € — שלום לכולם — مرحبا بالجميع"


def test_a_reply_to_a_missing_parent_is_kept_at_the_top_level():
    report = run_import("wordpress", fixture("wordpress-1.2.xml"))
    c = by_source_id("wordpress")["115"]
    assert c.parent is None and c.depth == 0
    assert any("999 is not in the file" in note for sid, note in report.adjusted if sid == "115")


def test_addresses_are_normalised_and_never_shown():
    run_import("wordpress", fixture("wordpress-1.2.xml"))
    c = by_source_id("wordpress")["101"]
    assert c.commenter.email == "maren@example.org"
    assert c.ip_hash == "" and c.raw_ip is None  # the source's IP addresses are not imported


def test_draft_and_closed_posts():
    run_import("wordpress", fixture("wordpress-1.2.xml"))
    c = by_source_id("wordpress")
    assert c["120"].story.published_at is None  # a draft stays off the site
    assert c["130"].story.comments_open is False


def test_wxr_1_0_with_the_https_namespace_and_a_byte_order_mark():
    report = run_import("wordpress", fixture("wordpress-1.0.xml"))
    c = by_source_id("wordpress")
    assert report.imported == 2 and c["2"].parent == c["1"]
    assert c["1"].created_at == datetime(2009, 7, 1, 8, 0, tzinfo=UTC)  # local +01:00
    assert c["1"].story.canonical_url == "http://old-courier.example/2009/07/lighthouse"


def test_importing_again_adds_nothing():
    first = run_import("wordpress", fixture("wordpress-1.2.xml"))
    count = Comment.objects.count()
    second = run_import("wordpress", fixture("wordpress-1.2.xml"))
    assert Comment.objects.count() == count == first.imported
    assert second.imported == 0 and second.already_imported == first.imported
    assert second.stories_created == 0


def test_a_malformed_file_stops_with_line_and_column_and_imports_nothing(tmp_path):
    lines = fixture("wordpress-1.2.xml").read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if "<wp:comment_id>112<" in line)
    lines[number - 1] = lines[number - 1].replace("</wp:comment_id>", "</wp:comment_idd>")
    broken = tmp_path / "broken.xml"
    broken.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ImportFileError) as refused:
        run_import("wordpress", broken)
    # Expat points at the name of the closing tag that does not match.
    column = lines[number - 1].index("</wp:comment_idd>") + len("</") + 1
    assert (refused.value.line, refused.value.column) == (number, column)
    assert f"line {number}, column {column}" in str(refused.value)
    assert Comment.objects.count() == 0 and Story.objects.count() == 0


def test_round_trip(tmp_path):
    run_import("wordpress", fixture("wordpress-1.2.xml"))
    exported = assert_round_trips(tmp_path)
    statuses = {line["status"] for line in exported if line["type"] == "comment"}
    assert statuses == {"published", "pending", "spam", "deleted"}


def test_round_trip_without_private_data_keeps_each_author_together(tmp_path):
    run_import("wordpress", fixture("wordpress-1.2.xml"))
    assert_round_trips(tmp_path, include_private=False)
    wipe()


# wordpress-merged.xml: two blogs merged into one file, so comment 7 is in three posts; comments
# without a date; a password-protected post.
MERGED = "wordpress-merged.xml"
START = datetime(2022, 1, 1, tzinfo=UTC)


def comment_in(path: str, author: str) -> Comment:
    return Comment.objects.get(
        story__canonical_url=f"https://gazette.example{path}", author_name=author
    )


def test_the_same_comment_id_in_two_posts_keeps_both_and_replies_stay_in_their_post():
    report = run_import("wordpress", fixture(MERGED))
    tides = comment_in("/2022/09/tides", "Rowan Pike")
    dues = comment_in("/2022/10/dues", "Fen Marsh")
    budget = comment_in("/2022/11/budget", "Board Member")
    assert len({tides.pk, dues.pk, budget.pk}) == 3
    assert not any("twice" in reason for _, _, reason in report.skipped), report.skipped
    # Each post's comment_parent 7 means that post's comment 7.
    assert comment_in("/2022/10/dues", "Ash Dunmore").parent == dues
    assert comment_in("/2022/09/tides", "Undated Reader").parent == tides


def test_comments_without_a_date_are_kept_with_their_posts_date_or_the_import_time():
    report = run_import("wordpress", fixture(MERGED))
    undated = comment_in("/2022/09/tides", "Undated Reader")
    assert undated.created_at == datetime(2022, 9, 1, 7, 0, tzinfo=UTC)  # the post's GMT date
    zeroed = comment_in("/2022/10/dues", "Zeroed Date")
    assert zeroed.created_at == datetime(2022, 10, 3, 9, 0, tzinfo=UTC)
    before = datetime.now(UTC)
    archive = comment_in("/archive/note", "Archivist")  # the post has no date either
    assert START < archive.created_at <= before
    notes = [note for _, note in report.adjusted if note.startswith("no date")]
    assert len(notes) == 3
    assert "'last Tuesday' is not a date" in " ".join(notes)
    assert "the time of the import" in " ".join(notes) and "its post's date" in " ".join(notes)
    assert not any("date" in reason for _, _, reason in report.skipped)
    lines = report.lines(every_record=False)
    # The three undated comments and the held one.
    assert "imported with an adjustment: 4" in lines


def test_comments_on_a_password_protected_post_are_held_for_a_moderator():
    report = run_import("wordpress", fixture(MERGED))
    held = comment_in("/2022/11/budget", "Board Member")
    assert held.status == Comment.Status.PENDING
    assert "password-protected" in held.markers[0]["reason"]
    assert comment_in("/2022/11/budget", "Spam Bot").status == Comment.Status.SPAM
    assert comment_in("/2022/10/dues", "Fen Marsh").status == Comment.Status.PUBLISHED
    assert report.held == {"its post was password-protected on the old site": 1}
    lines = report.lines(every_record=False)
    assert "held for a moderator (published on the old site): 1" in lines
    assert "  its post was password-protected on the old site: 1" in lines
    story = held.story
    story.refresh_from_db()
    assert story.comment_count == 0  # nothing of it shows before a moderator decides


def test_importing_the_merged_file_again_adds_nothing():
    first = run_import("wordpress", fixture(MERGED))
    assert first.imported == 8
    second = run_import("wordpress", fixture(MERGED))
    assert second.imported == 0 and second.already_imported == 8
    assert Comment.objects.count() == 8


def test_a_later_export_adds_the_other_posts_comment_with_an_id_imported_before(tmp_path):
    # The first import saw only the tide tables (as an import made before ids were per post
    # did: its comment 7 is stored by its bare id); the full file adds the other posts' 7s.
    text = fixture(MERGED).read_text(encoding="utf-8")
    first_post = text.split("\t<item>")[1]
    earlier = tmp_path / "earlier.xml"
    earlier.write_text(text.split("\t<item>")[0] + "\t<item>" + first_post + "</channel>\n</rss>\n")
    assert run_import("wordpress", earlier).imported == 2
    later = run_import("wordpress", fixture(MERGED))
    assert later.already_imported == 2 and later.imported == 6
    assert Comment.objects.filter(author_name="Rowan Pike").count() == 1
    assert comment_in("/2022/10/dues", "Ash Dunmore").parent == comment_in(
        "/2022/10/dues", "Fen Marsh"
    )
    again = run_import("wordpress", fixture(MERGED))
    assert again.imported == 0 and again.already_imported == 8
