"""A Spanish newsroom's reader, in a real browser (issue 25's Done-when): the form, a validation
error, the nudge and the e-mail in Spanish on the article page; the embed with ``lang`` = es on
a newsroom's page of another origin."""

from __future__ import annotations

from tests.browser.test_article import ARTICLE
from tests.browser.test_embed import cms  # noqa: F401  (the newsroom's page on another origin)
from tests.conftest import UNCIVIL
from tests.factories import make_comment
from townsquare.comments.models import Comment
from townsquare.stories.models import Story

NUDGE = "Su comentario podría incumplir nuestras normas de la comunidad"
MISSING_EMAIL = "Escriba su dirección de correo electrónico. No se publicará."


def test_a_spanish_sites_reader_posts_through_an_error_and_a_nudge_and_gets_a_spanish_mail(
    page, live_server, demo_site, nudging_policy, mailoutbox, settings, screenshot_dir
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    site = Story.objects.get(slug=ARTICLE["slug"]).site
    site.language = "es"
    site.save(update_fields=["language"])

    page.goto(f"{live_server.url}/stories/{ARTICLE['slug']}/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator(".ts-thread").get_attribute("lang") == "es"
    form = page.locator("form.ts-form")
    assert page.get_by_role("heading", name="Deje un comentario").is_visible()

    # The script's own words: the report form it builds.
    first = page.locator(".ts-comment").first
    first.get_by_role("link", name="Denunciar este comentario").first.click()
    report = page.locator("form.ts-report-form")
    reason = report.get_by_role("combobox", name="¿Por qué deberían leer este comentario")
    assert reason.locator("option[value=spam]").inner_text() == "Spam o publicidad"
    assert report.get_by_role("button", name="Enviar denuncia").is_visible()
    report.get_by_role("button", name="Cancelar").click()

    form.get_by_role("textbox", name="Comentario (obligatorio)").fill(UNCIVIL)
    form.get_by_role("textbox", name="Nombre (obligatorio)").fill("Lectora Española")
    form.get_by_role(
        "checkbox", name="Avisarme por correo de las respuestas a este comentario"
    ).check()
    form.get_by_role("button", name="Publicar comentario").click()

    # A missing field: the API's refusal, in the site's language, beside the field.
    error = page.locator("#ts-email-error")
    error.wait_for()
    assert error.inner_text() == MISSING_EMAIL

    form.get_by_role("textbox", name="Correo electrónico (obligatorio)").fill("lectora@example.es")
    form.get_by_role("button", name="Publicar comentario").click()
    nudge = page.locator("#nudge")
    nudge.wait_for()
    assert NUDGE in nudge.inner_text()
    assert "Las palabras resaltadas son las que ha señalado" in nudge.inner_text()
    assert nudge.get_by_role("link", name="Editar mi comentario").is_visible()
    nudge.screenshot(path=screenshot_dir / "nudge-es.png")

    form.get_by_role("button", name="Publicar de todos modos").click()
    page.get_by_text("Gracias. Su comentario está pendiente de moderación").wait_for()
    assert Comment.objects.get(author_name="Lectora Española").status == "pending"
    (mail,) = [m for m in mailoutbox if m.to == ["lectora@example.es"]]
    assert mail.subject.startswith("Confirme los avisos por correo de respuestas en")
    assert mail.body.startswith("Hola:")


def test_the_embed_with_lang_es_on_another_origin_speaks_spanish(
    page,
    cms,  # noqa: F811
    nudging_policy,
    settings,
):
    settings.LIVE_POLL_SECONDS = 1
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{cms['allowed']}/news/ferry.html?lang=es")
    page.locator("#townsquare-thread").scroll_into_view_if_needed()
    thread = page.locator(".ts-thread")
    thread.wait_for()
    # The site is English; the page asked for Spanish.
    assert thread.get_attribute("lang") == "es"
    assert page.locator(".ts-heading").inner_text() == "0 comentarios"
    assert thread.get_by_role("heading", name="Deje un comentario").is_visible()

    # Counted words the script writes: the Spanish form for 2 by the catalog's plural rule.
    story = Story.objects.get()
    for body in ("Llegó el ferry de las nueve.", "El de las diez, no."):
        make_comment(story=story, body=body)
    notice = page.get_by_role("button", name="2 comentarios nuevos — Mostrar")
    notice.wait_for(timeout=10_000)
    notice.click()
    thread.locator(".ts-comment", has_text="El de las diez").wait_for()

    thread.locator("textarea[name=comment]").fill(UNCIVIL)
    thread.locator("input[name=author]").fill("Lector del Embed")
    thread.get_by_role("button", name="Publicar comentario").click()
    error = thread.locator("#ts-email-error")
    error.wait_for()
    assert error.inner_text() == MISSING_EMAIL

    thread.locator("input[name=email]").fill("lector@example.es")
    thread.get_by_role("button", name="Publicar comentario").click()
    nudge = thread.locator(".ts-nudge")
    nudge.wait_for()
    assert NUDGE in nudge.inner_text() and "Editar mi comentario" in nudge.inner_text()
    assert thread.locator("button[type=submit]").inner_text() == "Publicar de todos modos"

    thread.locator("button[type=submit]").click()
    page.get_by_text("Gracias. Su comentario está pendiente de moderación").wait_for()
    # Every request of the thread asked for Spanish.
    asked = [u for u in requests if any(p in u for p in ("/embed/thread", "/forms", "/comments"))]
    assert asked and all("lang=es" in u for u in asked), asked
