"""System checks of the civility app's configuration (``townsquare check``, and every start-up
that runs Django's checks: ``migrate``, ``runserver``)."""

from __future__ import annotations

import os
from typing import Any

from django.core.checks import CheckMessage, Warning

# Environment variables that once configured civility and are no longer read, with what to do.
RETIRED_ENVIRONMENT = {
    "CIVILITY_SITE_MODEL_DIR": (
        "site models and the choice of model live in the database since civility v2; files "
        "there cannot score with v2: run `townsquare civility learn` again, then remove the "
        "variable from the environment"
    ),
}


def retired_environment_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Warn about each retired civility variable still set (to anything but nothing)."""
    return [
        Warning(
            f"{name} is set but no longer read.",
            hint=hint,
            id="civility.W001",
        )
        for name, hint in RETIRED_ENVIRONMENT.items()
        if os.environ.get(name, "").strip()
    ]
