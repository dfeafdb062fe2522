"""The commenter's email address never reaches anyone but staff.

A reader posts with a unique address; then another reader crawls every page reachable from the
front page (and the error pages) and the address must appear nowhere: not in bodies, attributes,
headers or cookies. The poster's own responses may carry it only in their opt-in cookie.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urljoin, urlsplit

import pytest

from tests.conftest import csrf_post
from tests.factories import make_story

pytestmark = pytest.mark.django_db

SECRET_EMAIL = "Unique.Reader+7f3a9c@Example.ORG"
FORMS_OF_IT = [
    SECRET_EMAIL,
    SECRET_EMAIL.lower(),
    quote(SECRET_EMAIL),
    quote(SECRET_EMAIL.lower()),
    "unique.reader",
    "7f3a9c",
]


def leaks(response) -> list[str]:
    """Every form of the secret address found anywhere in a response."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    haystacks = [body.decode(errors="replace")]
    haystacks += [f"{name}: {value}" for name, value in response.headers.items()]
    haystacks += [morsel.OutputString() for morsel in response.cookies.values()]
    return [form for form in FORMS_OF_IT for text in haystacks if form.lower() in text.lower()]


def crawl(client, start: str = "/", limit: int = 300) -> dict[str, object]:
    seen: dict[str, object] = {}
    queue = [start]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response
        if "html" not in response.get("Content-Type", ""):
            continue
        for link in re.findall(r'(?:href|src|action)="([^"#]+)', response.content.decode()):
            target = urljoin(url, link.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc or parts.path.startswith("/admin/"):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


def test_posted_email_appears_in_no_public_response(reader, bystander, terms):
    story = make_story()
    pending_story = make_story(premoderate=True)
    page = story.get_absolute_url()
    accepted = csrf_post(
        reader,
        f"/stories/{story.slug}/comments/",
        {
            "author": "Unique Reader",
            "email": SECRET_EMAIL,
            "comment": "Thanks for covering the vote.",
            "remember": "on",
        },
        page_url=page,
    )
    assert accepted.status_code == 303
    top_id = int(accepted["Location"].rsplit("-", 1)[1])
    # A reply, a pending comment and a script-posted comment exercise the other render paths.
    for target, extra in ((story, {"comment_parent": str(top_id)}), (pending_story, {})):
        csrf_post(
            reader,
            f"/stories/{target.slug}/comments/",
            {
                "author": "Unique Reader",
                "email": SECRET_EMAIL,
                "comment": "The second reading is next month.",
                **extra,
            },
            page_url=page,
        )
    scripted = csrf_post(
        reader,
        f"/stories/{story.slug}/comments/",
        {
            "author": "Unique Reader",
            "email": SECRET_EMAIL,
            "comment": "Posted from the page script.",
        },
        page_url=page,
        HTTP_X_REQUESTED_WITH="townsquare",
    )
    assert scripted.status_code == 201 and not leaks(scripted)

    pages = crawl(bystander)
    assert page in pages and "/terms/" in pages and "/guidelines/" in pages
    pages[f"{page}?replytocom={top_id}"] = bystander.get(f"{page}?replytocom={top_id}")
    pages["404"] = bystander.get("/stories/no-such-story/")
    pages["405"] = bystander.get(f"/stories/{story.slug}/comments/")
    for url, response in pages.items():
        assert not leaks(response), f"{url} leaks the commenter's email"

    # The poster's own pages carry it only in their opt-in cookie, never in the HTML.
    assert leaks(accepted), "the opt-in cookie should hold the reader's own details"
    own_page = reader.get(page)
    assert not leaks(own_page)
    assert "Unique Reader" in own_page.content.decode()


IMPORTED = f"""<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="1"><link>https://news.example/imported-story</link>
    <title>An imported story</title><createdAt>2020-01-01T10:00:00Z</createdAt></thread>
  <post dsq:id="10"><message><![CDATA[<p>Imported comment.</p>]]></message>
    <createdAt>2020-01-01T11:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><email>{SECRET_EMAIL}</email><name>Unique Reader</name></author>
    <thread dsq:id="1"/></post>
  <post dsq:id="11"><message><![CDATA[<p>A reply to it.</p>]]></message>
    <createdAt>2020-01-01T12:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><email>someone.else@example.org</email><name>Someone Else</name></author>
    <thread dsq:id="1"/><parent dsq:id="10"/></post>
</disqus>
"""


def test_imported_comments_and_the_data_rights_pages_leak_no_address(
    bystander, terms, tmp_path, django_capture_on_commit_callbacks, settings
):
    from townsquare.sites.selectors import site_default
    from townsquare.transfer.services import ImportOptions, import_file

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    source = tmp_path / "disqus.xml"
    source.write_text(IMPORTED, encoding="utf-8")
    import_file(source="disqus", path=source, options=ImportOptions(site=site_default(), workers=0))

    pages = crawl(bystander)
    assert "/your-data/" in pages
    story_pages = [url for url in pages if url.startswith("/stories/")]
    assert story_pages and "Imported comment." in pages[story_pages[0]].content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        pages["data request"] = csrf_post(
            bystander, "/your-data/", {"email": SECRET_EMAIL}, page_url="/your-data/"
        )
    pages["bad link"] = bystander.get("/verify/forged-token/")
    pages["bad link confirmed"] = csrf_post(bystander, "/verify/forged-token/", {})
    for path in ("/your-data/manage/", "/your-data/download/"):
        pages[path] = bystander.get(path)
    for url, response in pages.items():
        assert not leaks(response), f"{url} leaks the commenter's email"
