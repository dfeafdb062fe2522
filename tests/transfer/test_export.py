"""Export: every story and comment, private data only when asked, and exact round trips of
what Townsquare itself holds (hosted stories, native comments, tombstones, depth-capped replies,
featured and rejected comments)."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import make_comment, make_commenter, make_story
from tests.transfer.conftest import assert_round_trips, exported
from townsquare.comments.models import Comment
from townsquare.comments.services import comment_create
from townsquare.sites.models import Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussion(settings):
    settings.COMMENTS_MAX_DEPTH = 2
    story = make_story(
        slug="harbour-plan",
        headline="Council debates the harbour plan",
        standfirst="Residents packed the hall.",
        byline="By Test Reporter",
        premoderate=True,
    )
    cms = make_story(
        slug="cms-page", headline="A page on the CMS", body="", canonical_url="https://n.example/p"
    )
    unpublished = make_story(slug="draft", headline="Not yet", published_at=None)
    ada = make_commenter(email="ada@example.org", name="Ada")
    bo = make_commenter(email="bo@example.org", name="Bo")
    top = make_comment(story=story, commenter=ada, author_name="Ada", body="First *point*.")
    reply = make_comment(story=story, commenter=bo, author_name="Bo", body="Reply.", parent=top)
    # A reply to the deepest level sits beside it, saying whom it answers (as the form does).
    comment_create(
        story=story,
        commenter=ada,
        author_name="Ada",
        body="Deep.",
        status="published",
        parent=top,
        reply_to=reply,
    )
    removed = make_comment(story=story, commenter=bo, author_name="Bo", body="Rude.")
    Comment.objects.filter(pk=removed.pk).update(
        status=Comment.Status.REMOVED, rejection_reason="personal_attack"
    )
    make_comment(story=story, commenter=ada, author_name="Ada", body="After.", parent=removed)
    make_comment(story=story, commenter=bo, author_name="Bo", body="Held.", status="pending")
    Comment.objects.filter(pk=top.pk).update(featured=True)
    make_comment(story=cms, commenter=ada, author_name="Ada", body="On the CMS page.")
    make_comment(story=unpublished, commenter=bo, author_name="Bo", body="Early.")
    # Dates with microseconds, as native comments have them.
    for n, comment in enumerate(Comment.objects.order_by("pk")):
        Comment.objects.filter(pk=comment.pk).update(
            created_at=datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC) + timedelta(minutes=n)
        )
    return story


def test_native_discussions_round_trip_exactly(discussion, tmp_path):
    lines = assert_round_trips(tmp_path)
    stories = [line for line in lines if line["type"] == "story"]
    assert {s["slug"] for s in stories} == {"harbour-plan", "cms-page", "draft"}
    hosted = next(s for s in stories if s["slug"] == "harbour-plan")
    assert hosted["premoderate"] and hosted["standfirst"] == "Residents packed the hall."
    comments = [line for line in lines if line["type"] == "comment"]
    assert {c["status"] for c in comments} == {"published", "removed", "pending"}
    assert any(c["featured"] for c in comments)
    assert any(c["created_at"].endswith(".678901+00:00") for c in comments)


def test_round_trip_without_addresses(discussion, tmp_path):
    assert_round_trips(tmp_path, include_private=False)


def test_addresses_only_with_include_private(discussion):
    assert "ada@example.org" not in exported("jsonl", include_private=False)
    assert "ada@example.org" not in exported("wxr", include_private=False)
    assert "ada@example.org" in exported("jsonl", include_private=True)
    assert "ada@example.org" in exported("wxr", include_private=True)


def test_ips_and_device_ids_are_never_exported(discussion):
    Comment.objects.update(raw_ip="203.0.113.9", ip_hash="f" * 32, device_id="d" * 32)
    for fmt in ("jsonl", "wxr"):
        text = exported(fmt, include_private=True)
        assert "203.0.113.9" not in text and "f" * 32 not in text and "d" * 32 not in text


def test_wxr_is_well_formed_with_wordpress_fields(discussion):
    root = ElementTree.fromstring(exported("wxr").encode())
    ns = {"wp": "http://wordpress.org/export/1.2/"}
    items = root.findall("./channel/item")
    assert len(items) == 3
    approved = [
        c.findtext("wp:comment_approved", namespaces=ns)
        for c in root.iter("{http://wordpress.org/export/1.2/}comment")
    ]
    assert set(approved) == {"1", "0", "trash"}


def test_the_command_filters_by_site_and_story(discussion, tmp_path, settings):
    settings.SITE_URL = "https://comments.example.org"
    other = Site.objects.create(name="Other", slug="other")
    make_story(slug="elsewhere", site=other)
    out = io.StringIO()
    call_command("export", "--format", "jsonl", "--site", "other", stdout=out)
    stories = [json.loads(line) for line in out.getvalue().splitlines()[1:]]
    assert [s["slug"] for s in stories] == ["elsewhere"]
    out = io.StringIO()
    call_command("export", "--story", "https://N.example/p/", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()[1:]]
    assert [line["type"] for line in lines] == ["story", "comment"]
    out = io.StringIO()
    call_command("export", "--story", "http://testserver/stories/harbour-plan/", stdout=out)
    assert json.loads(out.getvalue().splitlines()[1])["slug"] == "harbour-plan"
    with pytest.raises(CommandError, match="no story"):
        call_command("export", "--story", "https://nowhere.example/x")
    target = tmp_path / "out.xml"
    call_command("export", "--format", "wxr", "--output", str(target), "--no-progress")
    assert target.read_text(encoding="utf-8").startswith('<?xml version="1.0"')


def test_a_townsquare_export_imported_twice_adds_nothing(discussion, tmp_path):
    from tests.transfer.conftest import run_import, wipe

    path = tmp_path / "export.jsonl"
    path.write_text(exported("jsonl"), encoding="utf-8")
    wipe()
    first = run_import("jsonl", path)
    second = run_import("jsonl", path)
    assert first.imported == 8 and second.imported == 0 and second.already_imported == 8


def test_a_malformed_townsquare_export_stops_with_line_and_column(discussion, tmp_path):
    from tests.transfer.conftest import run_import, wipe
    from townsquare.transfer.records import ImportFileError

    lines = exported("jsonl").splitlines()
    lines[3] = lines[3][:-1]  # a line that lost its closing brace
    path = tmp_path / "cut.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    wipe()
    with pytest.raises(ImportFileError) as refused:
        run_import("jsonl", path)
    # The decoder stops just after the line's last character, where a "," or "}" should be.
    assert (refused.value.line, refused.value.column) == (4, len(lines[3]) + 1)
    assert Comment.objects.count() == 0
    not_ours = tmp_path / "other.jsonl"
    not_ours.write_text('{"version": 1, "users": []}\n', encoding="utf-8")
    with pytest.raises(ImportFileError, match="not a Townsquare export"):
        run_import("jsonl", not_ours)


def test_the_command_refuses_a_local_site_url_and_takes_the_address_given(
    discussion, tmp_path, settings
):
    # Run by hand without the server's environment, SITE_URL is the demo's local address.
    settings.SITE_URL = "http://127.0.0.1:8000"
    target = tmp_path / "out.xml"
    for form in ("jsonl", "wxr"):
        with pytest.raises(CommandError, match="SITE_URL is http://127.0.0.1:8000, a local"):
            call_command("export", "--format", form, "--output", str(target), "--no-progress")
    with pytest.raises(CommandError, match="is not an http"):
        call_command("export", "--site-url", "comments.example.org", stdout=io.StringIO())

    call_command(
        "export",
        "--format",
        "wxr",
        "--site-url",
        "https://talk.example.org/",
        "--output",
        str(target),
        "--no-progress",
    )
    root = ElementTree.fromstring(target.read_text(encoding="utf-8"))
    links = [link.text for link in root.iter("link")]
    assert links[0] == "https://talk.example.org"
    assert "https://talk.example.org/stories/harbour-plan/" in links
    assert not [link for link in links if "127.0.0.1" in link]

    settings.SITE_URL = "https://comments.example.org"
    out = io.StringIO()
    call_command("export", stdout=out)
    assert json.loads(out.getvalue().splitlines()[0])["source"] == "https://comments.example.org"
