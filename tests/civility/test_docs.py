"""docs/civility.md names every civility subcommand and setting, and the model card exists."""

from __future__ import annotations

import re
from pathlib import Path

from townsquare.civility.backends import ARTIFACTS_DIR

ROOT = Path(__file__).resolve().parents[2]


def test_every_subcommand_and_setting_is_documented():
    command = (ROOT / "townsquare/civility/management/commands/civility.py").read_text()
    subcommands = re.findall(r'sub\.add_parser\(\s*"([a-z-]+)"', command)
    assert {"score", "evaluate", "learn", "use", "train"} <= set(subcommands)
    settings_text = (ROOT / "townsquare/settings.py").read_text()
    names = set(re.findall(r'env_\w+\(\s*"(CIVILITY_[A-Z_]+)"', settings_text))
    docs = (ROOT / "docs/civility.md").read_text() + (ROOT / "docs/configuration.md").read_text()
    assert not [s for s in subcommands if f"townsquare civility {s}" not in docs]
    assert not [n for n in names if n not in docs]
    assert "Perspective is retired" in docs


def test_model_card_names_the_shipped_version_and_its_data():
    import json

    card = (ARTIFACTS_DIR / "MODEL_CARD.md").read_text()
    meta = json.loads((ARTIFACTS_DIR / "shipped.json").read_text())
    assert meta["version"] in card
    from townsquare.civility.offline import corpora

    for name in corpora.SHIPPED_TRAINING_SETS:  # every set it learned from, with its licence
        assert f"`{name}`" in card, name
    for needle in ("CC BY-SA 3.0", "CC0", "CC BY 4.0", "GPL-3.0", "CDLA", "MIT", "Seeds"):
        assert needle in card, needle
    for needle in ("ROC-AUC", "dev", "test", "targets"):
        assert needle in card, needle
