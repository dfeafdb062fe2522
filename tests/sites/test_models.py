import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import make_story
from townsquare.sites.models import Site, default_site_id
from townsquare.sites.selectors import site_by_slug, site_default
from townsquare.stories.models import Story


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_default_site_exists_after_migrate_and_stories_belong_to_it(story):
    site = site_default()
    assert site.slug == Site.DEFAULT_SLUG
    assert story.site == site
    assert site_by_slug(slug="default") == site
    assert site_by_slug(slug="nope") is None


@pytest.mark.django_db
def test_default_site_is_recreated_if_someone_deleted_it():
    Site.objects.filter(slug=Site.DEFAULT_SLUG).delete()
    pk = default_site_id()
    assert Site.objects.get(pk=pk).slug == Site.DEFAULT_SLUG
    assert make_story().site_id == pk


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_site_with_stories_cannot_be_deleted(story):
    with pytest.raises(IntegrityError):
        Site.objects.filter(pk=story.site_id).delete()


@pytest.mark.django_db
def test_allowed_origins_are_normalised_and_validated():
    site = Site(name="Courier", slug="courier", allowed_origins=["HTTPS://News.Example.org/"])
    site.clean()
    assert site.allowed_origins == ["https://news.example.org"]
    site.allowed_origins = ["https://news.example.org/section"]
    with pytest.raises(ValidationError):
        site.clean()


@pytest.mark.postgres
@pytest.mark.django_db
def test_canonical_url_is_unique_per_site_when_set():
    other = Site.objects.create(name="Other", slug="other")
    make_story(canonical_url="https://a.example/x")
    make_story(canonical_url="https://a.example/x", site=other)  # another site: fine
    make_story(canonical_url="")
    make_story(canonical_url="")  # hosted stories have none: fine
    with pytest.raises(IntegrityError):
        make_story(canonical_url="https://a.example/x")


@pytest.mark.django_db
def test_admin_edits_origins_one_per_line(client):
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "pw-1-test"))
    response = client.post(
        "/admin/sites/site/add/",
        {
            "name": "Harbour",
            "slug": "harbour",
            "allowed_origins": "HTTPS://A.example/\n\nhttps://b.example:8443",
            "unscored_language_rule": "hold",
            "commenting": "anyone",
            "subscriber_badge": "subscriber",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Site.objects.get(slug="harbour").allowed_origins == [
        "https://a.example",
        "https://b.example:8443",
    ]
    refused = client.post(
        "/admin/sites/site/add/",
        {"name": "Bad", "slug": "bad", "allowed_origins": "javascript:alert(1)"},
    )
    assert refused.status_code == 200 and not Site.objects.filter(slug="bad").exists()


@pytest.mark.django_db(transaction=True)
def test_site_migrations_put_existing_stories_on_the_default_site_and_reverse():
    executor = MigrationExecutor(connection)
    executor.migrate([("stories", "0001_initial"), ("sites", None)])
    old_apps = executor.loader.project_state([("stories", "0001_initial")]).apps
    OldStory = old_apps.get_model("stories", "Story")
    OldStory.objects.create(slug="old", headline="Old story", body="Text.")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    story = Story.objects.get(slug="old")
    assert story.site.slug == Site.DEFAULT_SLUG
    assert story.canonical_url == ""
