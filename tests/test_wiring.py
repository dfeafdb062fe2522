"""How the apps are wired together: in code a reader (and the layer test) can follow.

A lower app announces and a higher app listens by registering in its ``AppConfig.ready()``
(``lib.events``, ``lib.periodic``, ``readers.registry``, ``civility.decisions``), never through a
dotted path in the settings, which no import graph, layer test or dead-code tool can see.
"""

from __future__ import annotations

import importlib
import logging

import pytest

from townsquare.civility import decisions
from townsquare.lib import events
from townsquare.lib.events import COMMENT_CREATED, event_listeners, event_publish
from townsquare.lib.periodic import periodic_tasks
from townsquare.readers.registry import reader_data_erasers, reader_data_sections

# Settings that name our code by dotted path, allowed because Django itself reads them so: they
# configure the framework (it imports each at start-up and fails loudly on a wrong name). None is
# an operator's knob: an operator sets environment variables, read into other settings.
FRAMEWORK_WIRING = {
    "INSTALLED_APPS": "Django's list of apps",
    "MIDDLEWARE": "Django's request pipeline",
    "ROOT_URLCONF": "Django's URLs",
    "WSGI_APPLICATION": "Django's runserver entry point",
    "TEMPLATES": "Django's template context processors",
    "DATABASE_ROUTERS": "Django's read-replica router",
    "LOGGING": "the logging filter class dictConfig builds",
    "FORMAT_MODULE_PATH": "Django's localised date formats (British English's own)",
}


def _our_paths(value) -> list[str]:
    if isinstance(value, str):
        return [value] if value.startswith("townsquare.") else []
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _our_paths(k) + _our_paths(v)]
    if isinstance(value, list | tuple | set | frozenset):
        return [p for v in value for p in _our_paths(v)]
    return []


def test_no_setting_wires_our_apps_by_dotted_path():
    module = importlib.import_module("townsquare.settings")
    naming = {
        name: paths
        for name in dir(module)
        if name.isupper() and (paths := _our_paths(getattr(module, name)))
    }
    hidden = {name: paths for name, paths in naming.items() if name not in FRAMEWORK_WIRING}
    assert hidden == {}, "register in the listening app's AppConfig.ready() instead"


def test_the_apps_register_their_listeners_and_jobs_in_a_known_order():
    # The order of INSTALLED_APPS, in which Django runs the ready() methods.
    assert [f.__module__ + "." + f.__name__ for f in event_listeners()] == [
        "townsquare.notifications.services.notification_event_handle",
        "townsquare.webhooks.services.webhook_event_handle",
    ]
    assert list(periodic_tasks()) == [
        "townsquare.moderation.retention.raw_ips_expire_task",
        "townsquare.readers.tasks.sso_revoked_tokens_expire_task",
        "townsquare.notifications.tasks.moderator_digest_task",
        "townsquare.notifications.tasks.reader_digest_task",
        "townsquare.webhooks.tasks.webhook_deliveries_sweep_task",
        "townsquare.scoring.tasks.analysis_calls_expire_task",
    ]
    assert [f.__name__ for f in reader_data_sections()] == ["notifications_data_for"]
    assert [f.__name__ for f in reader_data_erasers()] == ["notifications_erase"]
    assert [(f.__module__, f.__name__) for f in decisions.decisions_sources()] == [
        ("townsquare.moderation.learning", "decisions_as_examples"),
        ("townsquare.scoring.learning", "feedback_as_examples"),
    ]


@pytest.mark.django_db
def test_a_listener_that_fails_does_not_silence_the_next(
    monkeypatch, caplog, django_capture_on_commit_callbacks
):
    heard = []

    def broken(**event):
        raise RuntimeError("the task queue is down")

    def listening(**event):
        heard.append(event)

    monkeypatch.setattr(events, "_listeners", [broken, listening])
    with (
        caplog.at_level(logging.ERROR, logger="django.db.backends.base"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        event_publish(name=COMMENT_CREATED, site_id=7, data={"comment_id": 1})
    assert heard == [{"name": COMMENT_CREATED, "site_id": 7, "data": {"comment_id": 1}}]
    assert "the task queue is down" in caplog.text


def test_learning_from_decisions_needs_a_registered_source(monkeypatch):
    monkeypatch.setattr(decisions, "_sources", [])
    with pytest.raises(decisions.NoDecisionsSource, match="moderation does"):
        decisions.decisions_as_examples(limit=3)
