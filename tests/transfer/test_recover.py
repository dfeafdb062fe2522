"""``townsquare import --recover``: XML records that are not well-formed are skipped and named,
the rest imported; strict stays the default."""

from __future__ import annotations

import gzip
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.transfer.conftest import by_source_id, fixture, run_import
from townsquare.comments.models import Comment
from townsquare.transfer.records import ImportFileError
from townsquare.transfer.services import ImportRefused

pytestmark = pytest.mark.django_db

# disqus-damaged.xml: post 7002 holds a stray byte (a Windows-1252 apostrophe in a UTF-8 file),
# post 7004 an unquoted attribute (<thread dsq:id=6001/>); post 7003 answers 7002.
DISQUS = "disqus-damaged.xml"
# wordpress-damaged.xml: post 31 has an unquoted attribute (<guid isPermaLink=false>).
WORDPRESS = "wordpress-damaged.xml"


def line_of(name: str, needle: bytes) -> int:
    lines = fixture(name).read_bytes().split(b"\n")
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def skipped(report) -> dict[tuple[str, str], str]:
    return {(kind, source_id): reason for kind, source_id, reason in report.skipped}


@pytest.mark.parametrize("source, name", [("disqus", DISQUS), ("wordpress", WORDPRESS)])
def test_strict_is_the_default_and_refuses_the_whole_file(source, name):
    with pytest.raises(ImportFileError, match="not well-formed"):
        run_import(source, fixture(name))
    assert Comment.objects.count() == 0


def test_disqus_recover_skips_each_damaged_post_with_its_line_and_imports_the_rest():
    report = run_import("disqus", fixture(DISQUS), recover=True)
    c = by_source_id("disqus")
    assert sorted(c) == ["7001", "7003", "7005"]
    reasons = skipped(report)
    stray = line_of(DISQUS, b"\x92")
    unquoted = line_of(DISQUS, b"dsq:id=6001/")
    assert reasons[("comment", "7002")] == (
        f"not well-formed XML (not well-formed (invalid token) at line {stray}, column 37); "
        "skipped by --recover"
    )
    assert f"at line {unquoted}, column 20" in reasons[("comment", "7004")]
    assert len(report.skipped) == 2
    # The reply to the skipped post stays, at the top level, saying why.
    assert c["7003"].parent is None
    assert ("7003", "its parent 7002 was skipped: imported at the top level") in report.adjusted
    assert report.source_site == "lanterngazette"
    lines = report.lines(every_record=True)
    assert "  not well-formed XML: 2" in lines
    assert any("--recover" in line for line in lines[:1])


def test_wordpress_recover_skips_a_damaged_post_with_its_comments_and_imports_the_rest():
    report = run_import("wordpress", fixture(WORDPRESS), recover=True)
    c = by_source_id("wordpress")
    assert sorted(c) == ["43"]
    reasons = skipped(report)
    line = line_of(WORDPRESS, b"isPermaLink=false")
    assert reasons[("post", "31")] == (
        f"not well-formed XML (not well-formed (invalid token) at line {line}, column 21); "
        "skipped by --recover with its 2 comments"
    )
    item = line_of(WORDPRESS, b"Night buses") - 1
    assert (
        reasons[("comment", "41")]
        == reasons[("comment", "42")]
        == (f"its post is not well-formed XML (post 31 at line {item}); skipped by --recover")
    )
    assert report.source_site == "https://gazette.example"


def test_recover_again_adds_nothing():
    first = run_import("disqus", fixture(DISQUS), recover=True)
    again = run_import("disqus", fixture(DISQUS), recover=True)
    assert again.imported == 0 and again.already_imported == first.imported == 3


@pytest.mark.parametrize(
    "source, name", [("disqus", "disqus.xml"), ("wordpress", "wordpress-1.2.xml")]
)
def test_on_a_well_formed_file_recover_imports_exactly_what_strict_does(source, name):
    strict = run_import(source, fixture(name), dry_run=True)
    recovering = run_import(source, fixture(name), dry_run=True, recover=True)
    assert recovering.comments_by_status == strict.comments_by_status
    assert recovering.skipped == strict.skipped and recovering.adjusted == strict.adjusted
    assert dict(recovering.comments_by_thread) == dict(strict.comments_by_thread)
    assert recovering.source_site == strict.source_site


def test_recover_reads_gzip_and_a_file_cut_short(tmp_path):
    data = fixture(DISQUS).read_bytes()
    cut_at = data.index(b'<post dsq:id="7005">') + 60
    cut = tmp_path / "cut.xml.gz"
    cut.write_bytes(gzip.compress(data[:cut_at]))
    report = run_import("disqus", cut, recover=True)
    assert sorted(by_source_id("disqus")) == ["7001", "7003"]
    reasons = skipped(report)
    assert "the element is not closed" in reasons[("comment", "7005")]
    assert "the file ends before </disqus>" in reasons[("file", "end")]


@pytest.mark.parametrize("name", ["bomb.xml", "xxe.xml"])
@pytest.mark.parametrize("source", ["disqus", "wordpress"])
def test_recover_still_refuses_entity_declarations(name, source):
    with pytest.raises(ImportFileError) as refused:
        run_import(source, fixture(name), recover=True)
    assert "entit" in refused.value.message and refused.value.line >= 3
    assert Comment.objects.count() == 0


def test_a_file_whose_start_cannot_be_read_is_refused_whole(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_bytes(
        fixture(DISQUS).read_bytes().replace(b'xmlns:dsq="http', b"xmlns:dsq=http", 1)
    )
    with pytest.raises(ImportFileError, match="nothing can be recovered") as refused:
        run_import("disqus", broken, recover=True)
    assert refused.value.line == 2
    assert Comment.objects.count() == 0


def test_recover_is_for_xml_files_only(isso_db):
    with pytest.raises(ImportRefused, match="--recover"):
        run_import("isso", isso_db, base_url="https://courier.example", recover=True)


def test_the_command_option():
    out = io.StringIO()
    call_command(
        "import",
        "disqus",
        str(fixture(DISQUS)),
        "--recover",
        "--dry-run",
        "--no-progress",
        stdout=out,
    )
    text = out.getvalue()
    assert "comments would import: 3" in text
    assert "  comment 7002: not well-formed XML (" in text
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", "disqus", str(fixture(DISQUS)), "--no-progress")


def test_an_unclosed_element_costs_only_its_own_record(tmp_path):
    def post(pk: str, message: str, end: str = "</post>") -> str:
        return (
            f'<post dsq:id="{pk}"><message>{message}</message>'
            "<createdAt>2019-03-03T09:00:00Z</createdAt><isDeleted>false</isDeleted>"
            f"<isSpam>false</isSpam><author><email>r{pk}@example.org</email><name>R {pk}</name>"
            f'</author><thread dsq:id="6001"/>{end}\n'
        )

    text = fixture(DISQUS).read_bytes().replace(b"\x92", b"'").decode("utf-8")
    extra = (
        # A message whose CDATA holds the closing tag of a post: well-formed, imported.
        post("8001", "<![CDATA[<p>Type </post> to close a post.</p>]]>")
        # A child left open: this post only is lost.
        + post("8002", "<![CDATA[<p>Lost.</p>]]>").replace("</message>", "")
        # A post never closed: the next post ends it.
        + post("8003", "<![CDATA[<p>Also lost.</p>]]>", end="")
        + post("8004", "<![CDATA[<p>Kept.</p>]]>")
    )
    damaged = tmp_path / "more.xml"
    damaged.write_text(text.replace("</disqus>", extra + "</disqus>"), encoding="utf-8")
    report = run_import("disqus", damaged, recover=True)
    c = by_source_id("disqus")
    assert {"8001", "8004"} <= set(c) and not {"8002", "8003"} & set(c)
    assert "close a post" in c["8001"].body  # (the HTML converter drops the unknown tag)
    reasons = skipped(report)
    assert "mismatched tag" in reasons[("comment", "8002")]
    assert "the element is not closed" in reasons[("comment", "8003")]
    assert len(report.skipped) == 3  # with 7004's unquoted attribute


def test_the_posts_of_a_damaged_thread_are_skipped_with_it(tmp_path):
    text = fixture(DISQUS).read_bytes().replace(b"\x92", b"'")
    damaged = tmp_path / "thread.xml"
    damaged.write_bytes(text.replace(b'<thread dsq:id="6001">', b"<thread dsq:id=6001>", 1))
    report = run_import("disqus", damaged, recover=True)
    reasons = skipped(report)
    line = line_of(DISQUS, b'<thread dsq:id="6001">')
    assert f"at line {line}, column 18" in reasons[("thread", "6001")]
    assert reasons[("comment", "7001")] == (
        f"its thread is not well-formed XML (thread 6001 at line {line}); skipped by --recover"
    )
    assert Comment.objects.count() == 0
    assert report.source_site == "lanterngazette"
