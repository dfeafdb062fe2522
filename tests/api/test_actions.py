"""The API's edit, delete and respect endpoints, what /forms says of the caller's own comments,
the new sorts and the featured list: what the embed uses, and any client."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.api.conftest import PAGE, form, post_json, submit, thread
from townsquare.comments.models import Comment
from townsquare.moderation.services import comment_feature

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(client, site, terms):
    return thread(client).json()["thread_token"]


@pytest.fixture
def posted(client, token):
    data = submit(client, token, comment="The ferry runs late.").json()
    return {**data, "id": data["comment"]["id"]}


def test_the_author_edits_through_the_api_and_the_thread_says_edited(client, token, posted):
    response = post_json(
        client,
        f"/api/v1/comments/{posted['id']}/edit",
        {"comment": "The ferry runs *very* late.", "device_token": posted["device_token"]},
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "published" and data["changed"]
    assert data["comment"]["edited_at"] and "ts-edited" in data["html"]
    [shown] = thread(client).json()["comments"]
    assert shown["html"] == "<p>The ferry runs <em>very</em> late.</p>" and shown["edited_at"]


def test_the_author_token_alone_also_proves_authorship(client, token, posted):
    response = post_json(
        client,
        f"/api/v1/comments/{posted['id']}/edit",
        {"comment": "Corrected.", "author_token": posted["author_token"]},
    )
    assert response.status_code == 200


def test_someone_else_cannot_edit_or_delete(client, token, posted):
    stranger = form(client, token)["device_token"]
    for action, body in (("edit", {"comment": "Hijacked."}), ("delete", {})):
        response = post_json(
            client, f"/api/v1/comments/{posted['id']}/{action}", {**body, "device_token": stranger}
        )
        assert response.status_code == 404 and response.json()["code"] == "not_author"
    assert Comment.objects.get(pk=posted["id"]).body == "The ferry runs late."


def test_an_edit_after_the_window_is_refused_with_409(client, token, posted):
    Comment.objects.filter(pk=posted["id"]).update(created_at=timezone.now() - timedelta(hours=1))
    response = post_json(
        client,
        f"/api/v1/comments/{posted['id']}/edit",
        {"comment": "Too late.", "device_token": posted["device_token"]},
    )
    assert response.status_code == 409 and response.json()["code"] == "edit_window_closed"


def test_delete_leaves_a_tombstone_without_name_or_text(client, token, posted):
    reply = submit(client, token, comment="A reply.", parent_id=posted["id"]).json()
    assert reply["comment"]["parent_id"] == posted["id"]
    response = post_json(
        client, f"/api/v1/comments/{posted['id']}/delete", {"device_token": posted["device_token"]}
    )
    assert response.status_code == 200 and response.json()["status"] == "deleted"
    [top] = thread(client).json()["comments"]
    assert top["status"] == "deleted" and top["tombstone"].startswith("This comment was deleted")
    assert top["author_name"] == "" and top["html"] == "" and top["avatar_key"] == ""
    assert top["replies"][0]["html"] == "<p>A reply.</p>"
    replies = client.get(f"/api/v1/comments/{posted['id']}/replies").json()
    assert "The ferry runs late." not in str(replies) and replies["comment"]["author_name"] == ""


def test_respect_counts_once_per_device_and_forms_say_what_the_caller_respects(
    client, token, posted
):
    device = form(client, token)["device_token"]
    url = f"/api/v1/comments/{posted['id']}/respect"
    first = post_json(client, url, {"on": True, "device_token": device}).json()
    assert first["respected"] and first["respect_count"] == 1 and first["device_token"] == device
    again = post_json(client, url, {"on": True, "device_token": device}).json()
    assert again["respect_count"] == 1
    post_json(client, url, {"on": True, "device_token": posted["device_token"]})
    [shown] = thread(client).json()["comments"]
    assert shown["respect_count"] == 2
    assert "respected_by" not in shown and device not in str(shown)
    mine = form(client, token, device_token=device)
    assert mine["respected"] == [posted["id"]] and mine["deletable"] == []
    author = form(client, token, device_token=posted["device_token"])
    assert list(author["editable"]) == [str(posted["id"])] and author["deletable"] == [posted["id"]]
    undone = post_json(client, url, {"on": False, "device_token": device}).json()
    assert not undone["respected"] and undone["respect_count"] == 1


def test_respect_is_refused_for_a_comment_that_is_not_published_or_from_another_origin(
    client, token, posted
):
    Comment.objects.filter(pk=posted["id"]).update(status=Comment.Status.PENDING)
    held = post_json(client, f"/api/v1/comments/{posted['id']}/respect", {"on": True})
    assert held.status_code == 409
    Comment.objects.filter(pk=posted["id"]).update(status=Comment.Status.PUBLISHED)
    elsewhere = post_json(
        client, f"/api/v1/comments/{posted['id']}/respect", {}, origin="https://evil.example"
    )
    assert elsewhere.status_code == 403


def test_the_new_sorts_and_the_featured_list(client, token, posted):
    from django.contrib.auth.models import User

    second = submit(client, token, comment="A second view.").json()["comment"]["id"]
    Comment.objects.filter(pk=second).update(respect_count=4)
    moderator = User.objects.create_superuser("ed", "ed@example.org", "pw")
    comment_feature(
        comment=Comment.objects.get(pk=posted["id"]), actor=moderator, reason="From the skipper"
    )
    data = thread(client, sort="respected").json()
    assert data["sort"] == "respected"
    assert [c["id"] for c in data["comments"]] == [second, posted["id"]]
    [featured] = data["featured"]
    assert featured["id"] == posted["id"] and featured["featured_reason"] == "From the skipper"
    assert featured["thread_url"].endswith(f"#comment-{posted['id']}")
    assert thread(client, sort="replies").json()["sort"] == "replies"
    assert thread(client, sort="loudest").status_code in (400, 422)
    assert PAGE in data["url"]


def test_forms_hand_the_author_the_markdown_source_of_each_editable_comment(client, token):
    source = "A *late* ferry, per [the notice](https://example.org/n).\n\n> Quoted"
    posted = submit(client, token, comment=source).json()
    author = form(client, token, device_token=posted["device_token"])
    assert author["sources"] == {str(posted["comment"]["id"]): source}
    stranger = form(client, token)
    assert stranger["sources"] == {}


def test_an_edit_refusal_speaks_the_storys_language(client, site, token, posted):
    site.language = "es"
    site.save(update_fields=["language"])
    Comment.objects.filter(pk=posted["id"]).update(created_at=timezone.now() - timedelta(hours=1))
    response = post_json(
        client,
        f"/api/v1/comments/{posted['id']}/edit",
        {"comment": "Demasiado tarde.", "device_token": posted["device_token"]},
    )
    assert response.status_code == 409
    minutes = site.edit_minutes
    assert response.json()["message"] == (
        f"Los comentarios se pueden editar durante {minutes} minutos después de publicarlos, y "
        "ese tiempo ya ha pasado. Todavía puede borrarlo."
    )
