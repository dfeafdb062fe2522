"""Build the wheel as a newsroom would install it, and check that it holds the whole package.

``pip install .`` from a checkout and ``pip install townsquare-*.whl`` both install what the
wheel holds. A template, static file or civility model file missing from the package data
would pass every test run from the checkout and fail only on the server, so ``make test``
(scripts/test.sh) builds the wheel from the files git knows (tracked, or new and not ignored)
and fails when any file under ``townsquare/`` is not in it, or the ``townsquare`` command is
not declared. A few seconds; stdlib only, with the venv's pip and setuptools when they are new
enough (no download), else pip's isolated build.

    python scripts/check_wheel.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import configparser
import importlib.metadata
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "townsquare"
CONSOLE_SCRIPT = ("townsquare", "townsquare.cli:main")


def source_files(root: Path) -> list[str]:
    """The checkout's files as a clean clone would have them: tracked, or new and not ignored."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        check=True,
        capture_output=True,
    ).stdout.decode()
    return sorted(name for name in listed.split("\0") if name and (root / name).is_file())


SETUPTOOLS_MIN = 69  # pyproject.toml's [build-system] requires


def _setuptools_major() -> int:
    try:
        return int(importlib.metadata.version("setuptools").split(".")[0])
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return 0


def wheel_build(root: Path, work: Path) -> Path:
    """Copy the checkout's files to ``work/src`` and build the wheel there, into ``work/dist``."""
    src = work / "src"
    for name in source_files(root):
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, src / name)
    # The venv's own setuptools when it is new enough: no download, no network needed.
    isolation = ["--no-build-isolation"] if _setuptools_major() >= SETUPTOOLS_MIN else []
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", *isolation, str(src)]
        + ["-w", str(work / "dist")],
        check=True,
    )
    (wheel,) = (work / "dist").glob(f"{PACKAGE}-*.whl")
    return wheel


def wheel_problems(wheel: Path, expected: list[str]) -> list[str]:
    """What the wheel lacks: each file of ``expected`` not in it, and the console script."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        problems = [f"missing from the wheel: {name}" for name in expected if name not in names]
        entry_points = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        scripts = configparser.ConfigParser()
        if entry_points:
            scripts.read_string(archive.read(entry_points[0]).decode())
    name, target = CONSOLE_SCRIPT
    if not scripts.has_section("console_scripts") or (
        scripts["console_scripts"].get(name) != target
    ):
        problems.append(f"the wheel does not declare the console script {name} = {target}")
    return problems


def package_files(root: Path) -> list[str]:
    """Every file of the package the wheel must carry (bytecode caches aside)."""
    return [
        name
        for name in source_files(root)
        if name.startswith(f"{PACKAGE}/") and "__pycache__" not in name
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="copy the built wheel into this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="townsquare-wheel-") as work:
        wheel = wheel_build(ROOT, Path(work))
        expected = package_files(ROOT)
        problems = wheel_problems(wheel, expected)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            shutil.copy2(wheel, args.keep / wheel.name)
        size = wheel.stat().st_size / 1e6
    for problem in problems:
        print(problem)
    if problems:
        print(f"{wheel.name}: {len(problems)} problem(s); see [tool.setuptools.package-data]")
        return 1
    print(f"{wheel.name} ({size:.1f} MB) holds all {len(expected)} files of the package")
    return 0


if __name__ == "__main__":
    sys.exit(main())
