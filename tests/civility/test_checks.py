"""The civility app's system checks."""

from __future__ import annotations

from django.core.checks import run_checks


def _ids() -> list[str]:
    return [message.id for message in run_checks()]


def test_a_retired_site_model_folder_in_the_environment_is_warned_about(monkeypatch):
    monkeypatch.setenv("CIVILITY_SITE_MODEL_DIR", "/srv/townsquare/civility")
    (warning,) = [m for m in run_checks() if m.id == "civility.W001"]
    assert "CIVILITY_SITE_MODEL_DIR" in warning.msg and "civility learn" in warning.hint


def test_no_warning_once_it_is_unset_or_empty(monkeypatch):
    monkeypatch.delenv("CIVILITY_SITE_MODEL_DIR", raising=False)
    assert "civility.W001" not in _ids()
    monkeypatch.setenv("CIVILITY_SITE_MODEL_DIR", "")  # the old .env.example's blank line
    assert "civility.W001" not in _ids()
