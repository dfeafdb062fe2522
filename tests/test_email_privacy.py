"""The commenter's email address never reaches anyone but staff.

A reader posts with a unique address; then another reader crawls every page reachable from the
front page (and the error pages) and the address must appear nowhere: not in bodies, attributes,
headers or cookies. The poster's own responses may carry it only in their opt-in cookie.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urljoin, urlsplit

import pytest
from django.conf import settings

from tests.api.conftest import post_json
from tests.conftest import csrf_post
from tests.factories import make_story
from townsquare.embed.tokens import thread_token_for

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
    own_origin = settings.SITE_URL  # the article page's script: the API, with its cookies
    form = post_json(
        reader, "/api/v1/forms", {"thread_token": thread_token_for(story.pk)}, origin=own_origin
    )
    assert not leaks(form)
    scripted = post_json(
        reader,
        "/api/v1/comments",
        {
            "thread_token": thread_token_for(story.pk),
            "form_started": form.json()["form_started"],
            "author": "Unique Reader",
            "email": SECRET_EMAIL,
            "comment": "Posted from the page script.",
        },
        origin=own_origin,
    )
    assert scripted.status_code == 201 and not leaks(scripted)

    pages = crawl(bystander)
    assert page in pages and "/terms/" in pages and "/guidelines/" in pages
    pages[f"{page}?replytocom={top_id}"] = bystander.get(f"{page}?replytocom={top_id}")
    pages["404"] = bystander.get("/stories/no-such-story/")
    pages["405"] = bystander.get(f"/stories/{story.slug}/comments/")
    # The author's own pages and the reader actions: edit, delete, respect, the viewer endpoint.
    base = f"/stories/{story.slug}/comments/{top_id}"
    pages["respect"] = bystander.post(f"{base}/respect/", {"on": "1"})
    pages["respect (script)"] = post_json(
        bystander, f"/api/v1/comments/{top_id}/respect", {"on": False}, origin=settings.SITE_URL
    )
    pages["edit, a stranger"] = bystander.get(f"{base}/edit/")
    pages["delete, a stranger"] = bystander.get(f"{base}/delete/")
    pages["own parts, a stranger"] = post_json(
        bystander, "/api/v1/forms", {"thread_token": thread_token_for(story.pk)}, origin=own_origin
    )
    pages["sorted"] = bystander.get(f"{page}?sort=respected")
    own = {
        "edit": reader.get(f"{base}/edit/"),
        "edit saved": reader.post(
            f"{base}/edit/", {"comment": "Thanks for covering the vote. (Edited.)"}
        ),
        "own parts": post_json(
            reader, "/api/v1/forms", {"thread_token": thread_token_for(story.pk)}, origin=own_origin
        ),
        "delete": reader.get(f"{base}/delete/"),
    }
    assert own["edit"].status_code == 200 and own["edit saved"].status_code == 303
    assert list(own["own parts"].json()["editable"]) and own["delete"].status_code == 200
    for name, response in own.items():
        assert not leaks(response), f"the author's own {name} page shows their address"
    pages["after the edit"] = bystander.get(page)
    pages["live"] = bystander.get(f"/api/v1/stories/{story.pk}/live")
    pages["new comments"] = bystander.get(
        f"/api/v1/stories/{story.pk}/comments",
        {"ids": f"{top_id},{top_id + 1},{top_id + 2}", "url": f"{settings.SITE_URL}{page}"},
    )
    assert "Thanks for covering the vote." in pages["new comments"].content.decode()
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
    site = site_default()
    import_file(source="disqus", path=source, options=ImportOptions(site=site, workers=0))
    # The imported story lives on a CMS page: listed on the front page (where the crawl starts)
    # only when its site asks for it.
    site.front_page_lists_pages = True
    site.save(update_fields=["front_page_lists_pages"])

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


def _story_id(client, page: str) -> int:
    return client.get("/api/v1/threads", {"url": page}).json()["story"]["id"]


def test_no_email_ip_or_moderator_note_in_the_api_or_the_embed(client, bystander, terms):
    """The API and the embed: every public response, after posts, a removal and a sanction."""
    import json

    from django.contrib.auth.models import User

    from tests.factories import make_site
    from townsquare.moderation.services import ban_commenter, comment_remove

    origin = "https://news.example.org"
    page = f"{origin}/2026/the-vote"
    make_site(origins=[origin])
    note = "Moderator-only note 5e1d: repeated insults in the ferry thread"
    ip = "203.0.113.77"

    def api_post(path, data):
        return client.post(
            path,
            json.dumps(data),
            content_type="application/json",
            HTTP_ORIGIN=origin,
            REMOTE_ADDR=ip,
        )

    # The embed's own request (an allowed Origin) makes the page's thread on its first view.
    token = client.get("/api/v1/threads", {"url": page}, HTTP_ORIGIN=origin).json()["thread_token"]
    started = api_post("/api/v1/forms", {"thread_token": token}).json()
    posted = []
    for body, parent in (
        ("First, on the vote.", None),
        ("A reply to it.", "top"),
        ("Third.", None),
    ):
        response = api_post(
            "/api/v1/comments",
            {
                "thread_token": token,
                "author": "Unique Reader",
                "email": SECRET_EMAIL,
                "comment": body,
                "form_started": started["form_started"],
                "device_token": started["device_token"],
                "parent_id": posted[0]["comment"]["id"] if parent else None,
            },
        )
        assert response.status_code == 201, response.content
        posted.append(response.json())
        started = {**started, "form_started": response.json()["form_started"]}  # each posts once
    # The author's actions, before the ban below (a banned author's edit is refused).
    device = started["device_token"]
    actions = {
        "respect": api_post(
            f"/api/v1/comments/{posted[0]['comment']['id']}/respect", {"device_token": device}
        ),
        "edit": api_post(
            f"/api/v1/comments/{posted[0]['comment']['id']}/edit",
            {"comment": "Edited.", "device_token": device},
        ),
        "own form, device": api_post(
            "/api/v1/forms", {"thread_token": token, "device_token": device}
        ),
        "delete": api_post(
            f"/api/v1/comments/{posted[1]['comment']['id']}/delete", {"device_token": device}
        ),
    }
    moderator = User.objects.create_superuser("boss", "boss@example.org", "pw")
    from townsquare.comments.models import Comment

    third = Comment.objects.get(pk=posted[2]["comment"]["id"])
    comment_remove(comment=third, reason="personal_attack", actor=moderator)
    ban_commenter(commenter=third.commenter, reason=note, actor=moderator)
    top_id = posted[0]["comment"]["id"]
    api_post(f"/api/v1/comments/{top_id}/reports", {"reason": "other", "details": "fine"})

    responses = {
        "thread": bystander.get("/api/v1/threads", {"url": page}),
        "newest": bystander.get("/api/v1/threads", {"url": page, "sort": "newest"}),
        "replies": bystander.get(f"/api/v1/comments/{top_id}/replies"),
        "counts": bystander.get("/api/v1/counts", {"url": page}),
        "form": bystander.post(
            "/api/v1/forms", json.dumps({"thread_token": token}), content_type="application/json"
        ),
        "own form": api_post(
            "/api/v1/forms", {"thread_token": token, "author_token": posted[1]["author_token"]}
        ),
        "include": bystander.get("/embed/thread", {"url": page}),
        "script": bystander.get("/embed/thread", {"url": page, "mode": "script"}),
        "embed replies": bystander.get("/embed/replies", {"url": page, "comment": top_id}),
        "openapi": bystander.get("/api/openapi.json"),
        "live": bystander.get(f"/api/v1/stories/{_story_id(bystander, page)}/live"),
        "comments by id": bystander.get(
            f"/api/v1/stories/{_story_id(bystander, page)}/comments",
            {"ids": ",".join(str(d["comment"]["id"]) for d in posted), "url": page},
            HTTP_ORIGIN=urlsplit(page)._replace(path="").geturl(),
        ),
        "respected sort": bystander.get("/api/v1/threads", {"url": page, "sort": "respected"}),
        "replies sort": bystander.get("/api/v1/threads", {"url": page, "sort": "replies"}),
        **actions,
    }
    for name, response in responses.items():
        assert response.status_code == 200, name
        text = response.content.decode()
        assert not leaks(response), f"{name} leaks the commenter's email"
        assert ip not in text and "ip_hash" not in text and "device_id" not in text, name
        assert note not in text, name
        if name != "openapi":  # the schema lists the reason codes; a thread must not
            assert "personal_attack" not in text, name
    for data in posted:
        text = json.dumps(data)
        assert SECRET_EMAIL.lower() not in text.lower() and ip not in text


def test_verified_reader_pages_reply_mails_and_unsubscribe_leak_no_address(
    reader, bystander, terms, django_capture_on_commit_callbacks, mailoutbox, settings
):
    """Reply e-mails, "Your comments", the reader API, sign-in and unsubscribe pages: the
    address is told to nobody, not even to its own reader's pages, nor to whoever is replied to."""
    from django.test import Client

    from tests.notifications.conftest import link_of
    from townsquare.notifications.models import ReplySubscription

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    story = make_story()
    page = story.get_absolute_url()
    subscriber = Client()
    with django_capture_on_commit_callbacks(execute=True):
        csrf_post(
            subscriber,
            f"/stories/{story.slug}/comments/",
            {
                "author": "Subscriber",
                "email": "subscriber@example.net",
                "comment": "Mine.",
                "notify_replies": "on",
            },
            page_url=page,
        )
    confirm = link_of(mailoutbox[-1], "/verify/")
    csrf_post(subscriber, confirm, {}, page_url=confirm)
    parent = ReplySubscription.objects.get().comment
    pages = {}
    with django_capture_on_commit_callbacks(execute=True):
        pages["reply post"] = csrf_post(
            reader,
            f"/stories/{story.slug}/comments/",
            {
                "author": "Unique Reader",
                "email": SECRET_EMAIL,
                "comment": "A reply to you.",
                "comment_parent": str(parent.pk),
                "notify_replies": "on",
            },
            page_url=page,
        )
        pages["sign-in asked"] = csrf_post(
            reader,
            "/your-comments/sign-in/",
            {"email": SECRET_EMAIL},
            page_url="/your-comments/sign-in/",
        )
    reply_mail = next(
        m for m in mailoutbox if m.to == ["subscriber@example.net"] and "replied" in m.subject
    )
    assert "A reply to you." in reply_mail.body
    assert not [f for f in FORMS_OF_IT if f.lower() in reply_mail.body.lower()]
    sign_in = link_of(next(m for m in mailoutbox if m.subject.startswith("Sign in")), "/verify/")
    pages["verify page"] = reader.get(sign_in)
    pages["verified"] = csrf_post(reader, sign_in, {}, page_url=sign_in)
    pages["your comments"] = reader.get("/your-comments/")
    assert "A reply to you." in pages["your comments"].content.decode()
    pages["reader api"] = reader.get("/api/v1/reader/comments")
    assert pages["reader api"].json()["comments"]
    pages["own parts"] = post_json(
        reader,
        "/api/v1/forms",
        {"thread_token": thread_token_for(story.pk)},
        origin=settings.SITE_URL,
    )
    pages["sign-in page"] = bystander.get("/your-comments/sign-in/")
    pages["your comments, signed out"] = bystander.get("/your-comments/")
    token = ReplySubscription.objects.get(email=SECRET_EMAIL.lower()).token
    pages["unsubscribe page"] = bystander.get(f"/unsubscribe/{token}/")
    pages["unsubscribed"] = Client().post(f"/unsubscribe/{token}/")
    pages["unsubscribe, unknown"] = bystander.get("/unsubscribe/unknown/")
    pages["reader api, signed out"] = bystander.get("/api/v1/reader/comments")
    for url, response in {**pages, **crawl(bystander)}.items():
        assert not leaks(response), f"{url} leaks the commenter's email"
