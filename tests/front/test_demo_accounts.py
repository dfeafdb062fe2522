"""The demo's staff account: made once with a private remembered password, repaired when changed,
and able to do in the admin what ``townsquare demo`` says it can."""

from __future__ import annotations

import io
import re
import stat

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from tests.conftest import csrf_post
from tests.factories import make_story, make_terms
from townsquare.accounts.services import moderator_create
from townsquare.front.demo.accounts import demo_moderator_ensure
from townsquare.moderation.models import WordRule
from townsquare.moderation.policy import moderation_policy
from townsquare.terms.models import TermsVersion

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_sign_in")]


def signed_in(username: str, password: str) -> Client:
    """A browser signed in through the real sign-in form, as a visitor to the demo would be."""
    client = Client(enforce_csrf_checks=True)
    response = csrf_post(
        client,
        "/accounts/login/",
        {"username": username, "password": password},
        page_url="/accounts/login/",
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def test_the_demo_moderator_opens_stories_terms_policy_and_word_lists(settings, tmp_path):
    settings.MEDIA_ROOT, settings.DATA_DIR = tmp_path / "media", tmp_path
    out = io.StringIO()
    call_command("demo", stdout=out)
    printed = out.getvalue()
    username, password = re.search(r"as (\S+) / (\S+) \(queue at", printed).groups()
    assert "it edits stories, publishes Terms and Guidelines, and changes the word lists" in printed

    client = signed_in(username, password)
    policy = moderation_policy()
    story = make_story()
    terms = TermsVersion.objects.filter(kind=TermsVersion.Kind.TERMS).first()
    admin = client.get("/admin/").content.decode()
    for link in ("/admin/stories/story/", "/admin/terms/termsversion/", "/admin/moderation/"):
        assert link in admin, link
    for url in (
        "/moderate/",
        "/admin/stories/story/",
        "/admin/stories/story/add/",
        f"/admin/stories/story/{story.pk}/change/",
        "/admin/terms/termsversion/",
        "/admin/terms/termsversion/add/",
        f"/admin/terms/termsversion/{terms.pk}/change/",
        f"/admin/moderation/moderationpolicy/{policy.pk}/change/",
        "/admin/moderation/wordrule/add/",
    ):
        assert client.get(url).status_code == 200, url

    # And it can really change them, as the demo says.
    add_rule = "/admin/moderation/wordrule/add/"
    response = csrf_post(
        client, add_rule, {"kind": "suspect", "phrase": "scallywag"}, page_url=add_rule
    )
    assert response.status_code == 302
    assert WordRule.objects.filter(phrase="scallywag").exists()


def test_a_plain_moderator_reads_the_rules_but_changes_none_of_them():
    moderator_create(username="mira", email="mira@example.com", password="harbour-lights-at-dusk")
    client = signed_in("mira", "harbour-lights-at-dusk")
    policy = moderation_policy()
    story = make_story(headline="Harbour dues rise")
    terms = make_terms(TermsVersion.Kind.TERMS)
    for url in (
        f"/admin/stories/story/{story.pk}/change/",
        f"/admin/terms/termsversion/{terms.pk}/change/",
        f"/admin/moderation/moderationpolicy/{policy.pk}/change/",
        "/admin/moderation/wordrule/",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        assert 'name="_save"' not in page.content.decode(), url
    for url in ("/admin/stories/story/add/", "/admin/moderation/wordrule/add/"):
        assert client.get(url).status_code == 403, url


# --- the demo moderator -------------------------------------------------------------------------


def test_demo_moderator_is_created_once_with_a_private_remembered_password(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    username, password = demo_moderator_ensure()
    assert username == "moderator" and len(password) >= 16

    password_file = tmp_path / "demo_moderator_password"
    assert password_file.read_text().strip() == password
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600

    assert demo_moderator_ensure() == (username, password)
    assert User.objects.filter(username="moderator").count() == 1
    moderator = authenticate(username=username, password=password)
    assert moderator is not None and moderator.is_staff
    assert set(moderator.groups.values_list("name", flat=True)) == {"Moderator", "Administrator"}


def test_demo_moderator_is_repaired_if_someone_changed_it(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    username, password = demo_moderator_ensure()
    moderator = User.objects.get(username=username)
    moderator.set_password("changed-by-a-visitor")
    moderator.is_active = False
    moderator.save()
    moderator.groups.clear()

    assert demo_moderator_ensure() == (username, password)
    moderator.refresh_from_db()
    assert moderator.is_active and moderator.check_password(password)
    assert set(moderator.groups.values_list("name", flat=True)) == {"Moderator", "Administrator"}


def test_a_new_data_directory_gets_a_new_password(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "first"
    settings.DATA_DIR.mkdir()
    _, first = demo_moderator_ensure()
    settings.DATA_DIR = tmp_path / "second"
    settings.DATA_DIR.mkdir()
    _, second = demo_moderator_ensure()
    assert first != second
    assert authenticate(username="moderator", password=second) is not None
