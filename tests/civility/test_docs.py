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


def test_the_default_thresholds_are_the_ones_the_shipped_model_was_given_on_dev():
    """`civility ship` writes them into shipped.json; settings, .env.example and the docs must
    follow, or a new model runs at the old model's thresholds."""
    import json

    chosen = json.loads((ARTIFACTS_DIR / "shipped.json").read_text())["thresholds"]
    settings_text = (ROOT / "townsquare/settings.py").read_text()
    example = (ROOT / ".env.example").read_text()
    docs = (ROOT / "docs/configuration.md").read_text()
    for level, value in chosen.items():
        name = f"CIVILITY_{level.upper()}_THRESHOLD"
        default = re.search(rf'env_float\("{name}", ([0-9.]+)\)', settings_text).group(1)
        assert float(default) == value, (name, default, value)
        assert float(re.search(rf"^{name}=([0-9.]+)$", example, re.M).group(1)) == value
        assert float(re.search(rf"\| `{name}` \| ([0-9.]+) \|", docs).group(1)) == value
