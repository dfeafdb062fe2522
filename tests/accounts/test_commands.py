"""``townsquare createmoderator``."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

PASSWORD = "harbour-lights-at-dusk"


class Terminal(io.StringIO):
    """Standard input that says it is a terminal, as it is when an operator runs the command."""

    def isatty(self) -> bool:
        return True


def createmoderator(*args, stdin_text: str = "", **options) -> str:
    out = io.StringIO()
    call_command("createmoderator", *args, stdin=io.StringIO(stdin_text), stdout=out, **options)
    return out.getvalue()


def test_creates_a_moderator_from_a_password_on_stdin(settings):
    settings.SITE_URL = "https://news.example"
    out = createmoderator(
        "mira", email="mira@example.com", password_stdin=True, stdin_text=PASSWORD + "\n"
    )
    assert "Created moderator “mira”. Sign in at https://news.example/accounts/login/" in out
    mira = User.objects.get(username="mira")
    assert mira.is_staff and authenticate(username="mira", password=PASSWORD) == mira
    assert list(mira.groups.values_list("name", flat=True)) == ["Moderator"]


def test_administrator_flag(settings):
    out = createmoderator(
        "ada",
        email="ada@example.com",
        administrator=True,
        password_stdin=True,
        stdin_text=PASSWORD,
    )
    assert "Created administrator “ada”" in out
    ada = User.objects.get(username="ada")
    assert set(ada.groups.values_list("name", flat=True)) == {"Moderator", "Administrator"}


def test_refusals_are_clear_and_create_nothing():
    with pytest.raises(CommandError) as error:
        createmoderator("mira", email="nope", password_stdin=True, stdin_text="short\n")
    message = str(error.value)
    assert "email: Enter a valid e-mail address." in message
    assert "password: This password is too short." in message
    with pytest.raises(CommandError, match="No password on standard input."):
        createmoderator("mira", email="mira@example.com", password_stdin=True, stdin_text="\n")
    assert not User.objects.exists()


def test_an_existing_username_is_refused():
    createmoderator("mira", email="mira@example.com", password_stdin=True, stdin_text=PASSWORD)
    with pytest.raises(CommandError, match="already taken"):
        createmoderator("Mira", email="m2@example.com", password_stdin=True, stdin_text=PASSWORD)


def test_without_a_terminal_or_password_stdin_it_says_what_to_do():
    with pytest.raises(CommandError, match="pass --password-stdin"):
        createmoderator("mira", email="mira@example.com")


def test_at_a_terminal_it_asks_twice_and_refuses_a_mismatch(monkeypatch):
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="did not match"):
        call_command("createmoderator", "mira", email="mira@example.com", stdin=Terminal())
    answers = iter([PASSWORD, PASSWORD])
    call_command(
        "createmoderator", "mira", email="mira@example.com", stdin=Terminal(), stdout=io.StringIO()
    )
    assert User.objects.filter(username="mira", is_staff=True).exists()


def test_help_lists_the_options(capsys):
    with pytest.raises(SystemExit):
        call_command("createmoderator", "--help")
    assert "--password-stdin" in capsys.readouterr().out
