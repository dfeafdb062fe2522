from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO / ".." / "shared" / "data"


@pytest.fixture
def site_dir(settings, tmp_path):
    """Each test gets its own site-model directory, so activation never leaks between tests."""
    settings.CIVILITY_SITE_MODEL_DIR = tmp_path / "civility"
    settings.CIVILITY_BACKEND = "local"
    return settings.CIVILITY_SITE_MODEL_DIR


@pytest.fixture
def shared_data() -> Path:
    if not (SHARED_DATA / "c3" / "c3_dev.csv.gz").exists():
        pytest.skip(f"shared data sets not found at {SHARED_DATA.resolve()}")
    return SHARED_DATA
