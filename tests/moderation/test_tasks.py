"""Moderation mail is sent by tasks, bounded by EMAIL_TIMEOUT, and the demo sends it at once."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from django.contrib.auth.models import User
from django.core.mail.backends.smtp import EmailBackend

from tests.factories import make_commenter
from townsquare.moderation.services import ban_commenter

pytestmark = pytest.mark.django_db

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def silent_smtp_server():
    """A TCP server that accepts connections and never says a word (a hung mail server)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def test_email_timeout_defaults_to_ten_seconds_and_reaches_the_smtp_backend():
    from django.conf import settings

    assert settings.EMAIL_TIMEOUT == 10.0
    assert EmailBackend().timeout == 10.0


def test_a_hung_mail_server_fails_the_task_after_email_timeout(
    settings, silent_smtp_server, django_capture_on_commit_callbacks, run_tasks, mailoutbox
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", silent_smtp_server
    settings.EMAIL_TIMEOUT = 0.5
    moderator = User.objects.create_user("mo", password="x" * 16)
    troll = make_commenter(email="troll@example.com")

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        ban_commenter(commenter=troll, reason="Threats", actor=moderator)
    assert time.monotonic() - started < 0.5, "the moderator's request does not wait on mail"

    started = time.monotonic()
    (failed,) = run_tasks()
    assert time.monotonic() - started < 5
    assert failed.status == "FAILED"
    assert failed.exception_class_path == "smtplib.SMTPServerDisconnected"
    assert "timed out" in failed.traceback


def test_with_the_immediate_backend_the_mail_is_sent_as_the_decision_commits(
    settings, django_capture_on_commit_callbacks, mailoutbox
):
    """The demo's set-up: no worker, the e-mail goes out right after the commit."""
    settings.TASKS = IMMEDIATE_TASKS
    moderator = User.objects.create_user("mo", password="x" * 16)
    troll = make_commenter(email="troll@example.com")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ban_commenter(commenter=troll, reason="Threats", actor=moderator)
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert [m.to for m in mailoutbox] == [["troll@example.com"]]
