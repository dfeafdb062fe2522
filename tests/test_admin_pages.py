"""Every admin add and change page renders whole: a submit button and an input per form field.

A help text is put into the admin's pages as HTML, unescaped; one with a literal ``<title>`` in it
made the browser swallow the rest of the Site page, the Save button included. These tests render
each page of each registered model as a superuser and read it with an HTML parser.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.test import RequestFactory
from django.urls import reverse
from django.utils.safestring import SafeData

from tests.factories import make_comment, make_site, make_story, make_terms
from townsquare.accounts.services import api_token_create, moderator_create
from townsquare.front.admin.sites import SiteForm
from townsquare.moderation.models import WordRule
from townsquare.moderation.policy import moderation_policy
from townsquare.moderation.reporting import report_create
from townsquare.moderation.services import ban_commenter
from townsquare.webhooks.models import Webhook

pytestmark = pytest.mark.django_db


class _Page(HTMLParser):
    """The names of a page's form controls, its submit buttons, and each help text's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.names: set[str] = set()
        self.submits: list[str] = []
        self.help: dict[str, str] = {}
        self._help_id: str | None = None
        self._depth = 0
        self.titles = 0

    def handle_starttag(self, tag, attrs) -> None:
        values = dict(attrs)
        self.titles += tag == "title"
        if tag in ("input", "select", "textarea") and values.get("name"):
            self.names.add(values["name"])
        if tag in ("input", "button") and values.get("type") == "submit":
            self.submits.append(values.get("name") or "")
        if self._help_id is not None and tag == "div":
            self._depth += 1
        elif tag == "div" and (values.get("id") or "").endswith("_helptext"):
            self._help_id, self._depth = values["id"], 1
            self.help[self._help_id] = ""
        elif self._help_id is not None:
            self.help[self._help_id] += f"[markup: {tag}]"

    def handle_endtag(self, tag) -> None:
        if self._help_id is not None and tag == "div":
            self._depth -= 1
            if self._depth == 0:
                self._help_id = None

    def handle_data(self, data) -> None:
        if self._help_id is not None:
            self.help[self._help_id] += data


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        "root", "root@example.org", "a long enough password 9"
    )


@pytest.fixture
def one_of_each(superuser):
    """A real object of every registered model that can be made, made as the product makes it."""
    site = make_site(origins=["https://news.example.org"])
    story = make_story(site=site)
    comment = make_comment(story=story, body="Something to report.")
    make_terms()
    report_create(comment=comment, reporter_key="reader-1", reason="spam")
    ban_commenter(commenter=comment.commenter, reason="Spam, again.", actor=superuser)
    WordRule.objects.create(kind=WordRule.Kind.SUSPECT, phrase="scoundrel")
    moderation_policy()
    staff = moderator_create(
        username="editor", email="editor@example.org", password="a long enough password 9"
    )
    api_token_create(user=staff, name="Slack bot", scopes=["queue:read"])
    Webhook.objects.create(site=site, url="https://cms.example.org/hook", events=[])


def _form_fields(model_admin, request, obj=None) -> list[str]:
    """The fields the admin's form has on this page, less those shown read-only."""
    readonly = set(model_admin.get_readonly_fields(request, obj))
    fields = flatten_fieldsets(model_admin.get_fieldsets(request, obj))
    return [name for name in fields if name not in readonly]


def _check_form_page(client, url: str, model_admin, request, obj=None) -> None:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    page = _parse(html)
    assert "_save" in page.submits, f"{url}: no Save button"
    # A browser reads everything after a <title> as the title's text, up to a </title>.
    assert page.titles == 1, f"{url}: a <title> in the page's body"
    form = model_admin.get_form(request, obj)(instance=obj)
    for name in _form_fields(model_admin, request, obj):
        field = form.fields[name]
        if field.disabled:  # shown, not sent (a user's password hash)
            continue
        # A split widget (date and time) names its parts name_0, name_1.
        assert name in page.names or any(n.startswith(f"{name}_") for n in page.names), (
            f"{url}: no input for {name}"
        )
        if field.help_text and not isinstance(str(field.help_text), SafeData):  # markup on purpose
            shown = page.help.get(f"id_{name}_helptext")
            if shown is not None:  # some widgets (a set of checkboxes) label it differently
                assert shown.split() == str(field.help_text).split(), (
                    f"{url}: {name}'s help text mangled"
                )


def test_every_admin_add_and_change_page_renders_whole(client, superuser, one_of_each):
    client.force_login(superuser)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    changed = []
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        if model_admin.has_add_permission(request):
            _check_form_page(client, reverse("admin:{}_{}_add".format(*info)), model_admin, request)
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
        if model_admin.has_change_permission(request, obj):
            _check_form_page(client, url, model_admin, request, obj)
            changed.append(model._meta.label)
        else:  # a record shown read-only (decisions are actions): it still renders
            assert client.get(url).status_code == 200, url
    # The pages an administrator edits settings on were among those checked.
    assert {"sites.Site", "stories.Story", "webhooks.Webhook", "auth.User"} <= set(changed)


def _marked_up(help_text) -> bool:
    """A plain help text with markup characters in it (markup on purpose is ``SafeData``)."""
    text = str(help_text or "")
    return not isinstance(text, SafeData) and any(c in text for c in "<>&")


def test_no_help_text_carries_markup():
    """Help texts are text: the admin puts them into its pages unescaped."""
    from django.apps import apps

    marked = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if _marked_up(getattr(field, "help_text", ""))
    ]
    marked += [
        f"{type(model_admin.form).__name__}.{name}"
        for model_admin in admin.site._registry.values()
        for name, field in getattr(model_admin.form, "base_fields", {}).items()
        if _marked_up(field.help_text)
    ]
    assert marked == []


def test_the_site_form_puts_every_field_on_the_page():
    """A field of the form missing from the fieldsets is silently dropped from the admin page."""
    fieldsets = admin.site._registry[SiteForm._meta.model].fieldsets
    assert set(SiteForm._meta.fields) == set(flatten_fieldsets(fieldsets))
    shown = set(flatten_fieldsets(fieldsets))
    # The settings docs/embed.md, docs/discussion.md and docs/comments.md send administrators to.
    assert {
        "allowed_origins",
        "stories_on_first_view",
        "fetch_metadata",
        "front_page_lists_pages",
        "edit_window_minutes",
        "close_after_days",
        "premoderate_all",
        "report_hide_threshold",
    } <= shown


def test_every_admin_form_field_is_on_its_page():
    """The same for every admin with a form of its own."""
    missing = []
    for model_admin in admin.site._registry.values():
        form_fields = getattr(getattr(model_admin.form, "_meta", None), "fields", None)
        if not model_admin.fieldsets or not isinstance(form_fields, list | tuple):
            continue
        shown = set(flatten_fieldsets(model_admin.fieldsets))
        missing += [f"{type(model_admin).__name__}.{n}" for n in form_fields if n not in shown]
    assert missing == []
