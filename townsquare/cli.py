"""The ``townsquare`` console script: Django's manage.py under the project's own name.

``townsquare demo``, ``townsquare serve``, ``townsquare civility ...`` and every standard
management command (``migrate``, ``createsuperuser``, ...) go through here.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["townsquare", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
