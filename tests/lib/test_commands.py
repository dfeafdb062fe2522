"""Commands run before ``townsquare migrate`` say so, instead of ending in a traceback.

Each runs in a process of its own against a real, empty SQLite file (what a fresh install has
before ``migrate``), since the test database of this process is migrated.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'never-migrated.sqlite3'}",
        SECRET_KEY="before-migrate-test",
        TOWNSQUARE_DATA_DIR=str(tmp_path / "data"),
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["import", "jsonl", "comments.jsonl"],
        ["export"],
        ["expire_ips"],
        ["reader_data", "download", "reader@example.org", "--moderator", "editor"],
        ["createmoderator", "editor", "--email", "editor@example.org", "--password-stdin"],
        ["worker", "--once"],
        ["civility", "status"],
        ["civility", "learn", "--from-decisions"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_a_command_before_migrate_says_to_migrate(tmp_path, args):
    result = _run(tmp_path, *args, stdin="a password\n")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "the database is empty (never migrated): run `townsquare migrate` first." in (
        result.stderr
    )


def test_civility_score_needs_no_database_and_writes_to_standard_output(tmp_path):
    source = tmp_path / "comments.csv"
    source.write_text("text\nThanks for the clear report.\nYou are an idiot.\n", encoding="utf-8")
    result = _run(tmp_path, "civility", "score", "--csv", str(source))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "text,toxicity,insult,identity_attack,threat,obscene"
    assert [line.split(",")[0] for line in lines[1:]] == [
        "Thanks for the clear report.",
        "You are an idiot.",
    ]
    assert float(lines[2].split(",")[2]) > float(lines[1].split(",")[2])
    assert "scoring with the shipped model" in result.stderr
    assert "Traceback" not in result.stderr


def test_civility_score_with_the_site_model_needs_the_database(tmp_path):
    source = tmp_path / "comments.csv"
    source.write_text("text\nhello\n", encoding="utf-8")
    result = _run(tmp_path, "civility", "score", "--csv", str(source), "--backend", "site")
    assert result.returncode == 1
    assert "site models live in the database; run `townsquare migrate` first." in result.stderr


@pytest.mark.django_db
def test_a_migrated_database_has_no_problem():
    from townsquare.lib.commands import database_problem

    assert database_problem() is None


def test_every_option_of_our_commands_has_help_text():
    from django.core.management import get_commands, load_command_class

    missing = []
    for name, app in get_commands().items():
        if not app.startswith("townsquare"):
            continue
        parser = load_command_class(app, name).create_parser("townsquare", name)
        parsers = [(name, parser)]
        while parsers:
            label, current = parsers.pop()
            for action in current._actions:
                if isinstance(action, argparse._SubParsersAction):
                    parsers += [(f"{label} {sub}", p) for sub, p in action.choices.items()]
                elif not action.help:
                    missing.append(f"{label} {'/'.join(action.option_strings) or action.dest}")
    assert missing == []
