"""suggestscore feedback (kept only where a site opted in, learnable), the one decision rule,
the commands, the admin, the scorer-only URL set, and fuzzed bodies (never a 500)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests.conftest import csrf_post
from tests.factories import make_story
from tests.scoring.conftest import ANALYZE, SUGGEST, post_json
from townsquare import civility
from townsquare.civility.decisions import decisions_as_examples
from townsquare.comments.models import Comment
from townsquare.moderation.models import NudgeEvent
from townsquare.moderation.policy import policy_for_site
from townsquare.scoring import scale
from townsquare.scoring.models import AnalysisCall, AnalysisKey, ScoreFeedback
from townsquare.scoring.services import analysis_key_create, site_scoring_set

pytestmark = pytest.mark.django_db


def coral_feedback(client, key, *, comment_id: str, text: str, status: str):
    body = {
        "comment": {"text": text},
        "context": {"entries": [{"text": json.dumps({"Coral_comment_id": comment_id})}]},
        "attributeScores": {status: {"summaryScore": {"value": 1}}},
        "languages": ["EN"],
        "communityId": "Coral:https://talk.courier.example/",
        "clientToken": f"comment:{comment_id}",
    }
    return post_json(client, SUGGEST, body, key=key, pretty=True, HTTP_USER_AGENT="node")


# -- feedback ------------------------------------------------------------------------------------
def test_feedback_is_answered_but_not_kept_for_a_site_that_did_not_opt_in(client, key):
    response = coral_feedback(
        client, key, comment_id="7", text="Keep-me-not 4411", status="DELETED"
    )
    assert response.status_code == 200 and response.json()["clientToken"] == "comment:7"
    assert not ScoreFeedback.objects.exists()


def test_an_opted_in_sites_feedback_becomes_labels_that_learn_reads(client, key, site):
    site_scoring_set(site=site, keep_feedback=True)
    coral_feedback(client, key, comment_id="1", text="You absolute clown.", status="DELETED")
    coral_feedback(client, key, comment_id="2", text="Good point on the budget.", status="APPROVED")
    # A moderator who changes their mind replaces the label; one row per comment.
    coral_feedback(client, key, comment_id="2", text="Good point on the budget.", status="DELETED")
    rows = {f.client_token: f.label for f in ScoreFeedback.objects.all()}
    assert rows == {"comment:1": 1, "comment:2": 1}
    # `civility learn --from-decisions` reads every source the apps registered, feedback included.
    examples = decisions_as_examples(limit=None)
    assert ("You absolute clown.", 1) in examples
    site_scoring_set(site=site, keep_feedback=False)
    assert ("You absolute clown.", 1) not in decisions_as_examples(limit=None)


def test_our_own_attribute_names_carry_a_0_or_1_label(client, key, site):
    site_scoring_set(site=site, keep_feedback=True)
    body = {
        "comment": {"text": "Fine by me."},
        "attributeScores": {"TOXICITY": {"summaryScore": {"value": 0}}},
        "clientToken": "comment:9",
    }
    assert post_json(client, SUGGEST, body, key=key).status_code == 200
    assert ScoreFeedback.objects.get().label == 0


@pytest.mark.parametrize(
    "scores",
    [
        None,
        {},
        {"APPROVED": {"summaryScore": {"value": 7}}},
        {"NOPE": {"summaryScore": {"value": 1}}},
        {"APPROVED": {"summaryScore": {"value": 1}}, "DELETED": {"summaryScore": {"value": 1}}},
        {"TOXICITY": "high"},
    ],
)
def test_malformed_feedback_is_a_400(client, key, scores):
    body = {"comment": {"text": "x"}, "attributeScores": scores, "clientToken": "comment:1"}
    response = post_json(client, SUGGEST, body, key=key)
    assert response.status_code == 400 and response.json()["error"]["status"] == "INVALID_ARGUMENT"


def test_feedback_without_a_client_token_is_a_400(client, key):
    body = {
        "comment": {"text": "x"},
        "attributeScores": {"APPROVED": {"summaryScore": {"value": 1}}},
    }
    assert post_json(client, SUGGEST, body, key=key).status_code == 400


# -- one decision rule on two scales -------------------------------------------------------------
TEXTS = [
    "The ferry timetable change makes sense to me.",
    "This plan is rather silly, frankly.",
    "Only an idiot would vote for this plan.",
    "You are a pathetic moron and everyone here hates you.",
    "Shut up, you stupid worthless idiot, nobody wants you here.",
]


def _hosted_band(client, story, text: str) -> str:
    nudges = NudgeEvent.objects.count()
    before = set(Comment.objects.values_list("pk", flat=True))
    csrf_post(
        client,
        f"/stories/{story.slug}/comments/",
        {"author": "Ada Reader", "email": "ada@example.com", "url": "", "comment": text},
        page_url=story.get_absolute_url(),
    )
    if NudgeEvent.objects.count() > nudges:
        return "nudge"
    comment = Comment.objects.exclude(pk__in=before).get()
    deciding = [m["check"] for m in comment.markers if m.get("check", "").startswith("civility")]
    return {"civility_reject": "reject", "civility_hold": "hold"}.get(
        deciding[-1] if deciding else "", "none"
    )


def test_the_perspective_route_and_the_hosted_form_agree_on_every_band(client, key, site, terms):
    story = make_story(site=site)
    ours = sorted(s.civility for s in civility.score(TEXTS))
    # The site's own thresholds, placed between the texts' real scores so every band is used.
    site.nudge_threshold = (ours[0] + ours[1]) / 2
    site.hold_threshold = (ours[2] + ours[3]) / 2
    site.reject_threshold = (ours[3] + ours[4]) / 2
    site.save()
    policy = policy_for_site(site=site)
    hosted, remote = [], []
    for text in TEXTS:
        hosted.append(_hosted_band(Client(enforce_csrf_checks=True), story, text))
        body = {"comment": {"text": text}, "requestedAttributes": {"TOXICITY": {}}}
        value = post_json(client, ANALYZE, body, key=key).json()["attributeScores"]["TOXICITY"]
        remote.append(scale.band(value["summaryScore"]["value"], policy=policy))
    assert hosted == remote
    assert set(hosted) == {"none", "nudge", "hold", "reject"}


def test_the_map_is_strictly_increasing_so_thresholds_keep_their_comments():
    grid = [i / 1000 for i in range(1, 1000)]
    mapped = scale.to_perspective(grid)
    assert all(b > a for a, b in zip(mapped, mapped[1:], strict=False))
    shipped = scale.perspective_map()
    assert shipped["fitted_on"] == "dev" and shipped["test"]["n"] > 1000


# -- commands and admin --------------------------------------------------------------------------
def test_scoring_key_create_prints_the_key_once_list_and_revoke(site):
    out = StringIO()
    call_command("scoring-key", "create", "--site", site.slug, stdout=out, stderr=StringIO())
    key = out.getvalue().strip()
    record = AnalysisKey.objects.get()
    assert key.startswith(record.prefix) and record.site == site
    listing = StringIO()
    call_command("scoring-key", "list", stdout=listing)
    assert record.prefix in listing.getvalue() and key not in listing.getvalue()
    call_command("scoring-key", "revoke", record.prefix, stdout=StringIO())
    record.refresh_from_db()
    assert not record.is_live


def test_the_admin_makes_a_key_and_shows_the_sites_calls_per_day(admin_client, site, key):
    body = {"comment": {"text": "you idiot"}, "requestedAttributes": {"TOXICITY": {}}}
    post_json(Client(), ANALYZE, body, key=key)
    page = admin_client.get(f"/admin/scoring/analysiscall/?site__id__exact={site.pk}")
    assert page.status_code == 200
    assert "analyses per day" in page.content.decode()
    assert AnalysisCall.objects.count() == 1
    response = admin_client.post(
        "/admin/scoring/analysiskey/add/", {"site": site.pk, "name": "Coral two"}, follow=True
    )
    assert "will not be shown again" in response.content.decode()
    assert AnalysisKey.objects.filter(name="Coral two").exists()


# -- scorer-only deployment ----------------------------------------------------------------------
def test_the_scorer_only_url_set_serves_scoring_and_nothing_for_readers(
    client, key, site, settings
):
    settings.ROOT_URLCONF = "townsquare.scoring_only_urls"
    key_site_slug = site.slug
    story = make_story()
    body = {"comment": {"text": "Fine."}, "requestedAttributes": {"TOXICITY": {}}}
    assert post_json(client, ANALYZE, body, key=key).status_code == 200
    assert client.get(f"/stories/{story.slug}/").status_code == 404
    assert client.get("/api/v1/stories/1/live").status_code == 404
    assert client.get("/admin/login/").status_code == 200
    # Coral's other route, the external moderation phase, is served too (unsigned: refused).
    phase = client.post(
        f"/integrations/coral/phase/{key_site_slug}", data="{}", content_type="application/json"
    )
    assert phase.status_code == 401


# -- fuzzed bodies -------------------------------------------------------------------------------
json_values = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
bodies = st.fixed_dictionaries(
    {},
    optional={
        "comment": st.fixed_dictionaries({}, optional={"text": json_values, "type": json_values})
        | json_values,
        "requestedAttributes": st.dictionaries(
            st.sampled_from(
                ["TOXICITY", "INSULT@v2", "THREAT_EXPERIMENTAL", "LIKELY_TO_REJECT", "X"]
            ),
            json_values,
            max_size=3,
        )
        | json_values,
        "attributeScores": json_values,
        "languages": json_values,
        "spanAnnotations": json_values,
        "dropUnsupportedAttributes": json_values,
        "clientToken": json_values,
        "communityId": json_values,
        "doNotStore": json_values,
    },
)


@pytest.mark.parametrize("path", [ANALYZE, SUGGEST])
def test_no_body_makes_a_server_error(site, path):
    key = analysis_key_create(site=site, name="fuzz", rate_per_minute=100_000)[1]
    client = Client()

    @given(body=bodies)
    @hsettings(
        max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    def run(body):
        response = post_json(client, path, body, key=key)
        assert response.status_code < 500, (body, response.content)
        if response.status_code >= 400:
            assert set(response.json()["error"]) == {"code", "message", "status", "details"}

    run()


# -- retention -----------------------------------------------------------------------------------
def test_call_records_past_their_keeping_days_are_deleted(client, key, settings):
    from datetime import timedelta

    from django.utils import timezone
    from django.utils.module_loading import import_string

    from townsquare.scoring.services import analysis_calls_expire

    body = {"comment": {"text": "Fine."}, "requestedAttributes": {"TOXICITY": {}}}
    for _ in range(3):
        post_json(client, ANALYZE, body, key=key)
    old = AnalysisCall.objects.order_by("id")[:2]
    AnalysisCall.objects.filter(id__in=[c.id for c in old]).update(
        created_at=timezone.now() - timedelta(days=settings.SCORING_CALLS_KEEP_DAYS, hours=1)
    )
    assert analysis_calls_expire(batch=1) == 2
    assert AnalysisCall.objects.count() == 1
    # `townsquare worker` runs it daily: the scoring app registers it.
    from townsquare.lib.periodic import periodic_tasks

    name = "townsquare.scoring.tasks.analysis_calls_expire_task"
    assert periodic_tasks()[name] == 24 * 3600 and import_string(name)
