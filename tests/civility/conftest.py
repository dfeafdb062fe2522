from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# The data sets beside the checkout; TOWNSQUARE_TEST_SHARED_DATA points elsewhere (a worktree).
SHARED_DATA = Path(os.environ.get("TOWNSQUARE_TEST_SHARED_DATA") or REPO / ".." / "shared" / "data")


@pytest.fixture
def local_model(settings, db):
    """The local backend with no site model chosen; every score call re-reads the choice.

    Site models and the choice live in the test database, so activation never leaks between
    tests; the per-process cache is dropped before and after.
    """
    from townsquare.civility import sites

    settings.CIVILITY_BACKEND = "local"
    settings.CIVILITY_MODEL_CHECK_SECONDS = 0
    sites.forget()
    yield
    sites.forget()


@pytest.fixture
def shared_data() -> Path:
    if not (SHARED_DATA / "c3" / "c3_dev.csv.gz").exists():
        pytest.skip(f"shared data sets not found at {SHARED_DATA.resolve()}")
    return SHARED_DATA


@pytest.fixture
def restore_encoder():
    """``ship`` scores through the process-wide encoder it swaps in; put the package's back."""
    from townsquare.civility import encoder

    before = encoder._encoder
    yield
    encoder._encoder = before
