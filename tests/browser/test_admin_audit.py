"""The admin's audit list fits a 1,400-pixel-wide window: no sideways scrolling."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from tests.browser.test_moderation_queue import signed_in_page
from tests.factories import make_comment, make_story
from townsquare.comments.models import Comment
from townsquare.moderation.models import AuditEntry
from townsquare.moderation.services import audit_record

WIDTH = 1400


@pytest.mark.django_db(transaction=True)
def test_the_audit_list_fits_1400_pixels(browser, live_server, screenshot_dir):
    story = make_story(
        headline="Council votes to dredge the harbour channel after a decade of delays, "
        "despite objections from the fishermen's cooperative and two neighbouring towns"
    )
    comment = make_comment(story=story, body="A comment.")
    admin = User.objects.create_superuser("editor", "editor@example.org", "correct horse")
    audit_record(
        action="reject",
        actor_kind=AuditEntry.ActorKind.MODERATOR,
        actor=admin,
        comment=comment,
        reason="incivility: the comment calls another reader names and repeats it after a "
        "warning; see the Community Guidelines, section 3, on personal attacks and insults",
        status_before=Comment.Status.PENDING,
        status_after=Comment.Status.REJECTED,
    )
    audit_record(
        action="hidden_by_reports",
        actor_kind=AuditEntry.ActorKind.SYSTEM,
        comment=comment,
        status_before=Comment.Status.PUBLISHED,
        status_after=Comment.Status.PENDING,
        details={"independent_readers": 4},
    )
    audit_record(  # the longest action name
        action="warning_acknowledged",
        actor_kind=AuditEntry.ActorKind.READER,
        commenter=comment.commenter,
    )

    context, page = signed_in_page(browser, live_server, admin)
    page.set_viewport_size({"width": WIDTH, "height": 900})
    page.goto(f"{live_server.url}/admin/moderation/auditentry/")
    page.locator("#result_list").wait_for()
    page.screenshot(path=screenshot_dir / "admin-audit-1400.png", full_page=True)
    sizes = page.evaluate(
        """() => ({
            page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
            // The admin scrolls a wide table inside .results, hiding its last columns.
            list: [document.querySelector('#changelist .results').scrollWidth,
                   document.querySelector('#changelist .results').clientWidth],
        })"""
    )
    assert sizes["page"][0] <= sizes["page"][1], sizes
    assert sizes["list"][0] <= sizes["list"][1], sizes
    context.close()
