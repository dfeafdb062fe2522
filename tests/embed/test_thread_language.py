"""The thread in its story's language (docs/translating.md): the embed's fragment, the article
page, the client's words and their plural forms, and the page cache kept per language."""

from __future__ import annotations

import json
import re

import pytest
from django.utils import translation

from tests.api.conftest import ORIGIN, PAGE
from tests.conftest import csrf_post
from tests.factories import make_comment, make_site, make_story
from townsquare.comments.models import Comment
from townsquare.embed.strings import embed_strings, plural_expression

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish_story(db):
    return make_story(site=make_site(origins=[ORIGIN], language="es"), canonical_url=PAGE)


def _fragment(client, **params) -> str:
    response = client.get("/embed/thread", {"url": PAGE, "mode": "script", **params})
    assert response.status_code == 200, response.content
    return response.content.decode()


def _words(html: str) -> dict:
    block = re.search(r'<script id="ts-strings" type="application/json">(.*?)</script>', html)
    assert block, "the fragment carries the client's words"
    return json.loads(block.group(1))


def _heading(html: str) -> str:
    return re.search(r'<h2 class="ts-heading"[^>]*>(.*?)</h2>', html).group(1)


def test_a_spanish_storys_fragment_speaks_spanish(client, spanish_story, terms):
    make_comment(story=spanish_story, body="El ferry llega tarde.")
    html = _fragment(client)
    assert '<div class="ts-thread" lang="es"' in html
    assert _heading(html) == "1 comentario"
    for label in ("Deje un comentario", "Publicar comentario", "Responder", "Denunciar"):
        assert label in html
    assert "Nombre <span" in html and "(obligatorio)" in html
    assert "Post Comment" not in html and "Leave a Reply" not in html
    words = _words(html)
    assert words["lang"] == "es" and words["strings"]["post_anyway"] == "Publicar de todos modos"
    assert words["strings"]["report_send"] == "Enviar denuncia"
    assert words["reasons"][4] == "Spam o publicidad"
    assert translation.get_language() != "es"  # the request's language ended with it


def test_the_english_default_is_unchanged(client, terms):
    make_story(site=make_site(origins=[ORIGIN]), canonical_url=PAGE)
    html = _fragment(client)
    assert '<div class="ts-thread" lang="en-gb"' in html
    assert _heading(html) == "0 Comments"
    assert "Leave a Reply" in html and "Post Comment" in html
    assert "No comments yet. Start the conversation." in html
    assert _words(html)["strings"]["post"] == "Post Comment"
    assert _words(html)["plurals"]["comments"] == ["%(counter)s Comment", "%(counter)s Comments"]


def test_the_embeds_lang_option_wins_over_the_storys(client, spanish_story, terms):
    html = _fragment(client, lang="fr")
    assert 'lang="fr"' in html and "Laisser un commentaire" in html


def test_a_storys_own_language_wins_over_its_sites(client, spanish_story, terms):
    spanish_story.language = "de"
    spanish_story.save(update_fields=["language"])
    assert "Schreiben Sie einen Kommentar" in _fragment(client)


def test_the_page_cache_keeps_one_copy_per_language(client, spanish_story, terms):
    spanish = client.get("/embed/thread", {"url": PAGE, "mode": "script"})
    french = client.get("/embed/thread", {"url": PAGE, "mode": "script", "lang": "fr"})
    assert spanish["ETag"] != french["ETag"]
    assert "Laisser un commentaire" in french.content.decode()
    again = client.get("/embed/thread", {"url": PAGE, "mode": "script"})
    assert again["ETag"] == spanish["ETag"] and "Deje un comentario" in again.content.decode()


HEADINGS = {
    # language: (0, 1, 2) comments
    "en-gb": ("0 Comments", "1 Comment", "2 Comments"),
    "es": ("0 comentarios", "1 comentario", "2 comentarios"),
    "fr": ("0 commentaire", "1 commentaire", "2 commentaires"),  # French: 0 is singular
    "de": ("0 Kommentare", "1 Kommentar", "2 Kommentare"),
    "pt": ("0 comentários", "1 comentário", "2 comentários"),
}


@pytest.mark.parametrize("language", HEADINGS)
def test_plural_forms_in_each_language(client, terms, language):
    story = make_story(site=make_site(origins=[ORIGIN], language=language), canonical_url=PAGE)
    seen = []
    for count in range(3):
        if count:
            make_comment(story=story)
        seen.append(_heading(_fragment(client)))
    assert tuple(seen) == HEADINGS[language]


@pytest.mark.parametrize("language", HEADINGS)
def test_the_clients_counted_words_have_every_form_of_the_language(language):
    with translation.override(language):
        words = embed_strings()
    forms = words["plurals"]["new_comments"]
    # As many forms as the catalog's Plural-Forms says (Spanish: one, millions, other).
    assert len(forms) == {"es": 3}.get(language, 2)
    assert words["plural"] == plural_expression(language)
    assert all("%(counter)s" in form for form in forms)
    if language == "es":
        assert forms == [
            "%(counter)s comentario nuevo",
            "%(counter)s comentarios nuevos",
            "%(counter)s comentarios nuevos",
        ]


def test_a_removed_comments_note_is_in_the_threads_language(client, spanish_story, terms):
    top = make_comment(story=spanish_story)
    make_comment(story=spanish_story, parent=top)
    Comment.objects.filter(pk=top.pk).update(status=Comment.Status.DELETED)
    spanish_story.thread_version += 1
    spanish_story.save(update_fields=["thread_version"])
    assert "Su autor eliminó este comentario." in _fragment(client)


def test_the_article_page_speaks_its_storys_language(client, terms):
    story = make_story(language="es")
    make_comment(story=story)
    page = client.get(story.get_absolute_url())
    html = page.content.decode()
    assert '<html lang="es">' in html and "Ir al contenido" in html
    assert "1 comentario</a>" in html and "Deje un comentario" in html
    english = client.get(make_story().get_absolute_url()).content.decode()
    assert '<html lang="en-gb">' in english and "Leave a Reply" in english


def test_the_article_pages_cache_keeps_one_copy_per_language(client, terms):
    story = make_story(language="es")
    spanish = client.get(story.get_absolute_url())
    french = client.get(story.get_absolute_url(), {"lang": "fr"})
    assert spanish["ETag"] != french["ETag"]
    assert "Laisser un commentaire" in french.content.decode()
    assert "Deje un comentario" in client.get(story.get_absolute_url()).content.decode()


def test_without_javascript_a_missing_field_is_refused_in_spanish(client, terms):
    story = make_story(language="es")
    response = csrf_post(
        client,
        f"/stories/{story.slug}/comments/",
        {"author": "Lectora", "email": "", "url": "", "comment": "Buen artículo."},
        page_url=story.get_absolute_url(),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Corrija el campo resaltado más abajo" in html
    assert "Escriba su dirección de correo electrónico. No se publicará." in html


def test_the_clients_report_reasons_are_the_servers_in_its_order():
    """embed.js holds the reasons' codes, the thread's words their names, in the same order."""
    from pathlib import Path

    from django.conf import settings

    from townsquare.moderation.models import Report

    script = (Path(settings.BASE_DIR) / "static" / "townsquare" / "embed.js").read_text()
    codes = re.search(r"var REASON_CODES = (\[.*?\]);", script).group(1)
    assert json.loads(codes) == list(Report.Reason.values)
    with translation.override("en-gb"):
        english = embed_strings()["reasons"]
    names = re.search(r"var ENGLISH_REASONS = (\[.*?\]);", script, re.S).group(1)
    assert json.loads(names) == english
