"""One site-wide moderation policy, and the values a site sets for itself."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.factories import make_comment, make_site, make_story
from townsquare.comments.models import Comment
from townsquare.moderation.models import Report
from townsquare.moderation.policy import moderation_policy, policy_for_site
from townsquare.moderation.posting import comment_submit
from townsquare.moderation.reporting import report_create
from townsquare.sites.models import Site
from townsquare.sites.selectors import site_default

pytestmark = pytest.mark.django_db


def test_a_site_without_settings_of_its_own_follows_the_site_wide_policy():
    row = moderation_policy()
    policy = policy_for_site(site=make_site())
    assert policy.hold_threshold == row.hold_threshold
    assert policy.premoderate_all is row.premoderate_all
    assert policy.overridden == frozenset()


def test_a_sites_own_values_replace_the_site_wide_ones_and_only_those():
    site = make_site(premoderate_all=True, hold_threshold=0.6)
    policy = policy_for_site(site=site)
    assert policy.premoderate_all is True and policy.hold_threshold == 0.6
    assert policy.reject_threshold == moderation_policy().reject_threshold
    assert policy.overridden == {"premoderate_all", "hold_threshold"}


def test_comments_on_a_premoderating_sites_stories_are_held_and_others_are_not(terms):
    strict = make_story(site=make_site(premoderate_all=True))
    relaxed = make_story()  # the default site
    held = comment_submit(
        story=strict,
        author_name="Ada",
        email="ada@example.com",
        body="Thanks for the clear report on the vote.",
    )
    posted = comment_submit(
        story=relaxed,
        author_name="Ada",
        email="ada@example.com",
        body="The council should publish the minutes soon.",
    )
    assert held.comment.status == Comment.Status.PENDING
    assert "premoderation_site" in [m["check"] for m in held.comment.markers]
    assert posted.comment.status == Comment.Status.PUBLISHED


def test_a_sites_report_threshold_hides_sooner_than_the_site_wide_one():
    story = make_story(site=make_site(report_hide_threshold=1))
    comment = make_comment(story=story)
    report_create(comment=comment, reporter_key="k1", network_key="n1", reason="spam")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    other = make_comment(story=make_story())
    report_create(comment=other, reporter_key="k1", network_key="n1", reason="spam")
    other.refresh_from_db()
    assert other.status == Comment.Status.PUBLISHED
    assert Report.objects.count() == 2


def test_a_sites_thresholds_must_go_up():
    site = Site(name="Odd", slug="odd", nudge_threshold=0.8, hold_threshold=0.5)
    with pytest.raises(ValidationError, match="must go up"):
        site.full_clean()


def test_an_origin_belongs_to_one_site_only():
    make_site(origins=["https://news.example.org"])
    with pytest.raises(ValidationError, match="another site"):
        make_site(origins=["https://News.Example.org/"])


def test_the_admin_form_checks_the_thresholds_with_the_site_wide_values(admin_client):
    site = site_default()
    data = {
        "name": site.name,
        "slug": site.slug,
        "allowed_origins": "https://news.example.org",
        "stories_on_first_view": "on",
        "unscored_language_rule": "hold",
        "commenting": "anyone",
        "subscriber_badge": "subscriber",
        # The site-wide hold threshold (0.7 by default) is under this nudge threshold.
        "nudge_threshold": "0.9",
    }
    response = admin_client.post(f"/admin/sites/site/{site.pk}/change/", data)
    assert response.status_code == 200
    assert "must go up" in response.content.decode()
    data["nudge_threshold"] = "0.4"
    response = admin_client.post(f"/admin/sites/site/{site.pk}/change/", data)
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.nudge_threshold == 0.4 and site.allowed_origins == ["https://news.example.org"]
