"""``townsquare demo`` says where the demo's e-mail goes."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def run_demo(settings, tmp_path) -> str:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_demo_as_make_demo_runs_it_says_mail_is_printed_here(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    out = run_demo(settings, tmp_path)
    assert "is printed in the terminal that runs `townsquare serve`" in out
    assert "The web server sends each mail itself, right after the decision is saved." in out


def test_demo_with_the_database_task_backend_says_to_start_the_worker(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    out = run_demo(settings, tmp_path)
    assert f"written as files to {tmp_path / 'mail'}" in out
    assert "until `townsquare worker` sends it: start it in another terminal" in out


def test_make_demo_uses_the_immediate_task_backend():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    demo_env = next(line for line in makefile.splitlines() if line.startswith("DEMO_ENV"))
    assert "TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend" in demo_env
    assert "$(DEMO_ENV) $(BIN)/townsquare demo" in makefile
    assert "$(DEMO_ENV) $(BIN)/townsquare serve" in makefile
