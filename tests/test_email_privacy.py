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
