"""``townsquare coral-secret create | list | revoke``."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.coral.conftest import OLD_SECRET, SECRET
from townsquare.coral.models import CoralSigningSecret

pytestmark = pytest.mark.django_db


def run(*args, stdin: str = "") -> str:
    out = io.StringIO()
    call_command("coral-secret", *args, stdin=io.StringIO(stdin), stdout=out)
    return out.getvalue()


def test_create_keeps_the_secret_coral_shows_and_prints_only_its_prefix(coral_site):
    out = run(
        "create",
        "--site",
        coral_site.slug,
        "--name",
        "Coral",
        "--secret-stdin",
        stdin=SECRET + "\n",
    )
    kept = CoralSigningSecret.objects.get()
    assert kept.secret == SECRET and kept.site == coral_site and kept.name == "Coral"
    assert f"#{kept.pk} ({SECRET[:12]}…)" in out and "1 live" in out
    assert SECRET not in out


def test_two_live_secrets_for_a_rotation_then_revoke_the_old_one(coral_site):
    run("create", "--site", coral_site.slug, "--secret-stdin", stdin=OLD_SECRET)
    out = run("create", "--site", coral_site.slug, "--secret-stdin", stdin=SECRET)
    assert "2 live" in out
    old = CoralSigningSecret.objects.get(secret=OLD_SECRET)
    assert f"Revoked secret #{old.pk}" in run("revoke", str(old.pk))
    listing = run("list", "--site", coral_site.slug)
    assert f"#{old.pk}\t{coral_site.slug}\t{OLD_SECRET[:12]}…\trevoked" in listing
    assert "live\tlast used never" in listing
    assert SECRET not in listing and OLD_SECRET not in listing


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["create", "--site", "nowhere", "--secret-stdin"], SECRET, "No site “nowhere”"),
        (["create", "--site", "{site}", "--secret-stdin"], "", "Paste the signing secret"),
        (["create", "--site", "{site}", "--secret-stdin"], "short", "16 to 200 characters"),
        (["create", "--site", "{site}", "--secret-stdin"], "two words here ok", "no spaces"),
        (["revoke", "999"], "", "No Coral signing secret #999"),
    ],
)
def test_mistakes_are_said_plainly(coral_site, args, stdin, message):
    with pytest.raises(CommandError, match=message):
        run(*[a.format(site=coral_site.slug) for a in args], stdin=stdin)


def test_the_same_secret_twice_and_a_second_revoke_are_refused(coral_site):
    run("create", "--site", coral_site.slug, "--secret-stdin", stdin=SECRET)
    with pytest.raises(CommandError, match="already has this secret"):
        run("create", "--site", coral_site.slug, "--secret-stdin", stdin=SECRET)
    pk = CoralSigningSecret.objects.get().pk
    run("revoke", str(pk))
    with pytest.raises(CommandError, match="revoked already"):
        run("revoke", str(pk))


def test_list_with_nothing_says_so(db):
    assert "No Coral signing secrets." in run("list")
