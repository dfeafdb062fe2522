"""The ``townsquare`` console script: Django's manage.py under the project's own name.

``townsquare demo``, ``townsquare serve``, ``townsquare civility ...`` and every standard
management command (``migrate``, ``createsuperuser``, ...) go through here. ``townsquare``,
``townsquare help`` and ``townsquare --help`` list Townsquare's own commands first, each with
its one-line description, then the framework's.
"""

from __future__ import annotations

import os
import sys

from django.core.management import ManagementUtility, get_commands, load_command_class

OUR_PACKAGE = "townsquare"


def command_summary(app: str, name: str) -> str:
    """A command's ``help``, up to the end of its first sentence."""
    text = " ".join(str(load_command_class(app, name).help).split())
    first, dot, _ = text.partition(". ")
    return first + ("." if dot else "")


class TownsquareUtility(ManagementUtility):
    """Django's command-line utility, whose command list starts with Townsquare's commands."""

    def main_help_text(self, commands_only: bool = False) -> str:
        framework = super().main_help_text(commands_only=commands_only)
        if commands_only or self.settings_exception is not None:
            return framework
        ours = sorted(
            (name, app)
            for name, app in get_commands().items()
            if app.partition(".")[0] == OUR_PACKAGE
        )
        width = max((len(name) for name, _ in ours), default=0) + 2
        lines = [
            f"Usage: {self.prog_name} <command> [options]",
            f"Type '{self.prog_name} help <command>' for a command's options.",
            "",
            "Townsquare's commands:",
            *(f"  {name:<{width}}{command_summary(app, name)}" for name, app in ours),
            "",
            "Django's commands (Townsquare's are listed again under their apps):",
        ]
        return "\n".join(lines) + "\n" + framework


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings")
    TownsquareUtility(["townsquare", *(sys.argv[1:] if argv is None else argv)]).execute()


if __name__ == "__main__":
    main()
