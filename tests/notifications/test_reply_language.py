"""Reply e-mails speak the language of the story's thread (its own, or its site's)."""

from __future__ import annotations

import pytest

from tests.factories import make_comment, make_commenter
from tests.notifications import test_services as reply_mail_tests
from townsquare.notifications import services

pytestmark = pytest.mark.django_db
# A confirmed subscription, as the reply e-mail tests make it.
confirm, subscribed = reply_mail_tests.confirm, reply_mail_tests.subscribed
WREN = reply_mail_tests.WREN


def test_a_reply_e_mail_on_a_spanish_site_is_in_spanish(
    subscribed, story, mailoutbox, django_capture_on_commit_callbacks
):
    story.site.language = "es"
    story.site.save(update_fields=["language"])
    reply = make_comment(story=story, parent=subscribed, commenter=make_commenter(name="Otto"))
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_published(reply_id=reply.pk)
    (message,) = mailoutbox
    assert message.to == [WREN]
    assert "respondió a su comentario en" in message.subject
    assert message.body.startswith("Hola:")
    assert "Su comentario era:" in message.body and "Your comment was" not in message.body


def test_a_storys_own_language_wins_over_its_sites(
    subscribed, story, mailoutbox, django_capture_on_commit_callbacks
):
    story.site.language = "es"
    story.site.save(update_fields=["language"])
    story.language = "de"
    story.save(update_fields=["language"])
    reply = make_comment(story=story, parent=subscribed, commenter=make_commenter(name="Otto"))
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_published(reply_id=reply.pk)
    (message,) = mailoutbox
    assert (
        "hat auf Ihren Kommentar zu" in message.subject and "Ihr Kommentar lautete:" in message.body
    )
