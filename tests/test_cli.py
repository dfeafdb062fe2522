"""``townsquare --help``: Townsquare's own commands first, each with its one-line description."""

from __future__ import annotations

import re

import pytest

from townsquare.cli import main


def our_commands() -> list[str]:
    from django.core.management import get_commands

    return sorted(name for name, app in get_commands().items() if app.startswith("townsquare."))


@pytest.mark.parametrize("argv", [[], ["help"], ["--help"]])
def test_the_command_list_starts_with_townsquares_commands(capsys, argv):
    main(argv)
    text = capsys.readouterr().out
    ours, _, framework = text.partition("Django's commands")
    assert "Townsquare's commands:" in ours
    listed = [
        line.split()[0] for line in ours.split("Townsquare's commands:\n")[1].strip().splitlines()
    ]
    assert listed == our_commands()
    assert {"demo", "serve", "civility", "import", "export", "worker"} <= set(listed)
    # The descriptions line up in one column, however long the longest command name is.
    assert re.search(
        r"^  serve +Serve Townsquare with gunicorn \(production-style server\)\.$", ours, re.M
    )
    assert "Score, evaluate, train and adapt the civility model." in ours
    # Django's generic commands come after ours, not before.
    assert "migrate" not in ours.replace("Migrate the database", "")
    assert "[django]" in framework and "    migrate" in framework
