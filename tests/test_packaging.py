"""scripts/check_wheel.py, which ``make test`` runs on the real wheel, finds what a wheel lacks."""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _check_wheel():
    spec = importlib.util.spec_from_file_location("check_wheel", ROOT / "scripts/check_wheel.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _wheel(path: Path, names: list[str], *, entry_points: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(name, "")
        archive.writestr("townsquare-0.1.0.dist-info/entry_points.txt", entry_points)
    return path


def test_a_wheel_without_templates_or_the_command_fails_the_check(tmp_path):
    check = _check_wheel()
    expected = check.package_files(ROOT)
    template = "townsquare/templates/stories/story_detail.html"
    model = "townsquare/civility/artifacts/shipped.npz"
    assert {template, model, "townsquare/static/townsquare/embed.js"} <= set(expected)

    whole = _wheel(
        tmp_path / "whole.whl",
        expected,
        entry_points="[console_scripts]\ntownsquare = townsquare.cli:main\n",
    )
    assert check.wheel_problems(whole, expected) == []

    lacking = _wheel(
        tmp_path / "lacking.whl",
        [name for name in expected if name not in {template, model}],
        entry_points="",
    )
    assert check.wheel_problems(lacking, expected) == [
        f"missing from the wheel: {model}",
        f"missing from the wheel: {template}",
        "the wheel does not declare the console script townsquare = townsquare.cli:main",
    ]
