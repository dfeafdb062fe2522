"""Readers' data rights through the real pages: ask for a link, confirm it, download, erase;
the moderators' page for requests by mail; and the reader_data command."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from tests.conftest import csrf_post
from tests.readers.conftest import link_in
from townsquare.comments.models import Comment, Commenter
from townsquare.moderation.models import AuditEntry, Report, Sanction, SanctionMark
from townsquare.moderation.services import ban_commenter, commenter_warn

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mail_tasks_at_once")]
ADDRESS = "Wren.Reader@Example.org"


@pytest.fixture
def moderator(db) -> User:
    user = User.objects.create_user("mod", password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="Moderator")[0])
    return user


def post_comment(client, story, *, email=ADDRESS, name="Wren", body="My view.", parent=None):
    data = {"author": name, "email": email, "comment": body}
    if parent:
        data["comment_parent"] = str(parent)
    response = csrf_post(
        client, f"/stories/{story.slug}/comments/", data, page_url=story.get_absolute_url()
    )
    assert response.status_code == 303, response.content.decode()[:500]
    return Comment.objects.latest("pk")


@pytest.fixture
def ask_for_link(django_capture_on_commit_callbacks):
    """Post the "send me a link" form; the mail task runs when the request's work commits."""

    def ask(client, email=ADDRESS):
        with django_capture_on_commit_callbacks(execute=True):
            return csrf_post(client, "/your-data/", {"email": email}, page_url="/your-data/")

    return ask


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.fixture
def history(reader, bystander, story, moderator, django_capture_on_commit_callbacks):
    """Wren comments twice and reports someone; a bystander replies to Wren's first comment;
    a moderator warns Wren."""
    answered = post_comment(reader, story, body="The ferry should run later.")
    alone = post_comment(reader, story, body="Also, fix the pier lights.")
    reply = post_comment(
        bystander,
        story,
        email="other@example.org",
        name="Other",
        parent=answered.pk,
        body="Agreed.",
    )
    other = Comment.objects.get(pk=reply.pk)
    reported = csrf_post(
        reader,
        f"/comments/{other.pk}/report/",
        {"reason": "off_topic", "details": "Wren thinks this is off topic."},
        page_url=f"/comments/{other.pk}/report/",
    )
    assert reported.status_code in (302, 303)
    wren = Commenter.objects.get(email=ADDRESS.lower())
    with django_capture_on_commit_callbacks(execute=True):
        commenter_warn(commenter=wren, reason="Keep to the topic, please.", actor=moderator)
    return {"answered": answered, "alone": alone, "reply": other, "wren": wren}


def test_the_request_form_answers_the_same_whoever_asks(
    reader, bystander, history, mailoutbox, ask_for_link
):
    before = len(mailoutbox)
    known = ask_for_link(bystander, email=ADDRESS)
    unknown = ask_for_link(bystander, email="nobody.here@example.org")
    assert known.status_code == unknown.status_code == 200
    assert without_tokens(known.content.decode()) == without_tokens(unknown.content.decode())
    assert "wren" not in known.content.decode().lower()
    # Both addresses get a mail; only the mailbox's owner learns anything from it.
    assert sorted(m.to[0] for m in mailoutbox[before:]) == [
        "nobody.here@example.org",
        "wren.reader@example.org",
    ]
    invalid = ask_for_link(bystander, email="not an address")
    assert invalid.status_code == 400 and "valid e-mail" in invalid.content.decode()


def test_download_then_erase_through_the_pages(
    reader, history, mailoutbox, moderator, ask_for_link
):
    ask_for_link(reader)
    link = link_in(mailoutbox[-1])
    page = reader.get(link)
    assert page.status_code == 200 and "Confirm it is you" in page.content.decode()
    # Opening the link (as a mail scanner would) uses nothing up: confirming is a POST.
    assert reader.get(link).status_code == 200
    confirmed = csrf_post(reader, link, {}, page_url=link)
    assert confirmed.status_code == 303 and confirmed["Location"] == "/your-data/manage/"
    manage = reader.get("/your-data/manage/").content.decode()
    assert "wren.reader@example.org" in manage
    assert "2 comments" in manage and "1 report made from this browser" in manage

    download = reader.get("/your-data/download/")
    assert download["Content-Disposition"].startswith("attachment;")
    assert "no-store" in download["Cache-Control"]
    data = json.loads(download.content)
    assert data["email"] == "wren.reader@example.org"
    assert [c["text"] for c in data["comments"]] == [
        "The ferry should run later.",
        "Also, fix the pier lights.",
    ]
    assert {c["status"] for c in data["comments"]} == {"published"}
    assert data["reports"][0]["details"] == "Wren thinks this is off topic."
    # The reply e-mail sections come from the notifications app, joined into the same file.
    assert data["reply_subscriptions"] == [] and data["reply_emails"] is None
    assert data["sanctions"] == [
        {
            "kind": "warning",
            "reason": "Keep to the topic, please.",
            "created_at": data["sanctions"][0]["created_at"],
            "ends_at": None,
            "lifted_at": None,
            "acknowledged_at": None,
        }
    ]
    assert "mod" not in json.dumps(data["sanctions"])  # who decided is not theirs to know

    unconfirmed = csrf_post(reader, "/your-data/erase/", {}, page_url="/your-data/manage/")
    assert unconfirmed.status_code == 400 and "Tick the box" in unconfirmed.content.decode()
    erased = csrf_post(
        reader, "/your-data/erase/", {"confirm": "on"}, page_url="/your-data/manage/"
    )
    assert erased.status_code == 200
    assert "1 comment deleted" in erased.content.decode()

    answered = Comment.objects.get(pk=history["answered"].pk)
    assert answered.status == Comment.Status.DELETED
    assert (answered.author_name, answered.body, answered.body_html) == ("", "", "")
    assert answered.ip_hash == answered.network_hash == answered.device_id == ""
    assert answered.raw_ip is None
    story = answered.story
    story.refresh_from_db()
    assert story.comment_count == 1  # only the bystander's reply is still published
    assert not Comment.objects.filter(pk=history["alone"].pk).exists()
    assert Comment.objects.get(pk=history["reply"].pk).parent_id == answered.pk
    wren = Commenter.objects.get(pk=history["wren"].pk)
    assert wren.email.endswith("@erased.invalid") and wren.display_name == ""
    assert not Commenter.objects.filter(email=ADDRESS.lower()).exists()
    report = Report.objects.get()
    assert report.details == "" and report.reporter_key.startswith("erased-")
    # The moderator's warning stays on record; the erasure is audited without the address.
    assert AuditEntry.objects.filter(action="warning", actor=moderator).exists()
    erase = AuditEntry.objects.get(action="erase")
    assert erase.actor_kind == AuditEntry.ActorKind.READER
    assert erase.details["comments_deleted"] == 1 and erase.details["comments_tombstoned"] == 1
    assert "wren" not in (str(erase.details) + erase.reason).lower()
    assert not AuditEntry.objects.filter(reason__icontains="wren.reader").exists()
    # The thread still shows the reply, under a tombstone.
    page = reader.get(history["answered"].story.get_absolute_url()).content.decode()
    assert "This comment was deleted by its author." in page and "Agreed." in page
    assert "The ferry should run later." not in page
    # The session's proof is gone, and the link cannot be used again.
    assert reader.get("/your-data/manage/")["Location"] == "/your-data/"
    assert csrf_post(reader, link, {}, page_url="/your-data/").status_code == 400


def test_pages_need_a_confirmed_link(bystander):
    for path in ("/your-data/manage/", "/your-data/download/"):
        assert bystander.get(path)["Location"] == "/your-data/"
    assert bystander.post("/your-data/erase/", {"confirm": "on"})["Location"] == "/your-data/"
    broken = bystander.get("/verify/not-a-real-token/")
    assert broken.status_code == 400 and "does not work" in broken.content.decode()


def test_a_banned_commenter_cannot_erase_the_ban(
    reader, story, moderator, mailoutbox, ask_for_link
):
    post_comment(reader, story, body="Something the moderators banned me for.")
    banned = Commenter.objects.get(email=ADDRESS.lower())
    Comment.objects.filter(commenter=banned).update(ip_hash="a" * 32)
    ban_commenter(commenter=banned, reason="Repeated attacks.", actor=moderator)
    marks = SanctionMark.objects.count()
    assert marks
    ask_for_link(reader)
    link = link_in(mailoutbox[-1])
    csrf_post(reader, link, {}, page_url=link)
    erased = csrf_post(
        reader, "/your-data/erase/", {"confirm": "on"}, page_url="/your-data/manage/"
    )
    assert "ban or suspension is in force" in erased.content.decode()
    assert Commenter.objects.filter(email=ADDRESS.lower()).exists()
    assert Sanction.objects.filter(commenter=banned, kind="ban").exists()
    assert SanctionMark.objects.count() == marks
    refused = csrf_post(
        reader,
        f"/stories/{story.slug}/comments/",
        {"author": "Wren", "email": ADDRESS, "comment": "Back again."},
        page_url=story.get_absolute_url(),
    )
    assert refused.status_code == 403  # "not_accepted", as the API answers it


def test_moderators_act_on_a_request_received_by_mail(history, moderator, bystander):
    assert bystander.get("/moderate/data-requests/").status_code == 302
    mod = Client()
    mod.force_login(moderator)
    page = mod.get("/moderate/data-requests/")
    assert page.status_code == 200
    download = mod.post(
        "/moderate/data-requests/",
        {"email": ADDRESS, "action": "download", "note": f"Ticket 42 from {ADDRESS.lower()}"},
    )
    assert json.loads(download.content)["comments"][0]["text"] == "The ferry should run later."
    assert json.loads(download.content)["reports"] == []  # reports are tied to browsers
    export = AuditEntry.objects.get(action="data_export")
    assert export.actor == moderator and export.reason == "Ticket 42 from [address]"
    refused = mod.post("/moderate/data-requests/", {"email": ADDRESS, "action": "erase"})
    assert (
        refused.status_code == 400
        and Comment.objects.filter(commenter=history["wren"]).count() == 2
    )
    done = mod.post(
        "/moderate/data-requests/",
        {"email": ADDRESS, "action": "erase", "confirm": "on", "note": "Ticket 42"},
    )
    assert done.status_code == 200 and "1 comment deleted" in done.content.decode()
    erase = AuditEntry.objects.get(action="erase")
    assert erase.actor == moderator and erase.actor_kind == AuditEntry.ActorKind.MODERATOR
    assert erase.reason == "Ticket 42"


def test_a_signed_in_non_moderator_cannot_use_the_moderators_page():
    user = User.objects.create_user("reader", password="correct horse battery")
    client = Client()
    client.force_login(user)
    assert client.get("/moderate/data-requests/").status_code == 403


def test_the_reader_data_command(history, moderator, tmp_path):
    target = tmp_path / "data.json"
    call_command("reader_data", "download", ADDRESS, "--moderator", "mod", "--output", str(target))
    downloaded = json.loads(target.read_text())
    assert len(downloaded["comments"]) == 2 and downloaded["reply_subscriptions"] == []
    out = io.StringIO()
    call_command("reader_data", "erase", ADDRESS, "--moderator", "mod", "--yes", stdout=out)
    assert "1 comments deleted, 1 kept as tombstones" in out.getvalue()
    assert AuditEntry.objects.filter(action="erase", actor=moderator).exists()
    with pytest.raises(CommandError, match="not a moderator"):
        call_command("reader_data", "erase", ADDRESS, "--moderator", "nobody", "--yes")


@pytest.mark.parametrize(
    "purpose, offered",
    [
        ("data_rights", ["/your-data/"]),
        ("reader_sign_in", ["/your-comments/sign-in/"]),
        ("reply_opt_in", ["/your-comments/sign-in/"]),
    ],
)
def test_a_used_or_expired_link_offers_a_new_one_of_its_own_kind(
    client, settings, purpose, offered
):
    from django.urls import reverse

    from townsquare.readers.services import verification_confirm, verification_send
    from townsquare.readers.services import verification_token as token_for

    def offered_links(path):
        page = client.get(path)
        assert page.status_code == 400
        notice = page.content.decode().split('id="verify-title"', 1)[1].split("</section>", 1)[0]
        return re.findall(r'href="([^"]+)"', notice)

    used = verification_send(email=ADDRESS, purpose=purpose)
    verification_confirm(token=token_for(used))
    assert offered_links(reverse("readers:verify", args=[token_for(used)])) == offered

    stale = verification_send(email="someone.else@example.org", purpose=purpose)
    settings.VERIFICATION_LINK_MINUTES = -1  # every signature is now past its age
    assert offered_links(reverse("readers:verify", args=[token_for(stale)])) == offered


def test_a_link_that_is_not_one_offers_both_kinds(client):
    page = client.get("/verify/not-a-real-token/")
    assert page.status_code == 400
    html = page.content.decode()
    assert 'href="/your-comments/sign-in/"' in html and 'href="/your-data/"' in html


def test_your_data_speaks_the_installations_language(reader, ask_for_link, mailoutbox, settings):
    """A page that knows no story answers in the installation's language (docs/translating.md)."""
    settings.LANGUAGE_CODE = "de"
    ask_for_link(reader, email="neu@example.org")
    link = link_in(mailoutbox[-1])
    csrf_post(reader, link, {}, page_url=link)
    manage = reader.get("/your-data/manage/").content.decode()
    assert '<html lang="de">' in manage
    assert '<h1 class="short-form__title" id="manage-title">Ihre Daten</h1>' in manage
    assert "0 Kommentare" in manage and "0 Verwarnungen oder Sperren" in manage
    assert "Alles herunterladen (JSON)" in manage and "Download everything" not in manage
    refused = csrf_post(reader, "/your-data/erase/", {}, page_url="/your-data/manage/")
    assert refused.status_code == 400
    assert "Setzen Sie das Häkchen zur Bestätigung" in refused.content.decode()


def test_the_moderators_data_request_page_follows_their_browser(moderator):
    client = Client()
    client.force_login(moderator)
    page = client.get("/moderate/data-requests/", HTTP_ACCEPT_LANGUAGE="pt")
    html = page.content.decode()
    assert "Pedido de dados de um leitor" in html and "Descarregar os dados (JSON)" in html
    assert "<legend>O que fazer</legend>" in html and "Executar</button>" in html
