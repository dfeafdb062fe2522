"""Docs are tested: every setting and every CLI command must be documented."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "townsquare"


def _settings_read_from_env() -> set[str]:
    names: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text()
        names |= set(re.findall(r'env_(?:str|bool|int|float|list)\(\s*"([A-Z][A-Z0-9_]+)"', text))
        names |= set(re.findall(r'os\.environ\.get\(\s*"([A-Z][A-Z0-9_]+)"', text))
    return names - {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _all_docs() -> str:
    return "\n".join(p.read_text() for p in [ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])


def test_settings_are_found():
    assert {"DATABASE_URL", "SECRET_KEY", "REDIS_URL"} <= _settings_read_from_env()


def test_every_setting_is_in_env_example_and_configuration_docs():
    example = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    documented = (ROOT / "docs" / "configuration.md").read_text()
    missing_example = sorted(_settings_read_from_env() - example)
    missing_docs = sorted(n for n in _settings_read_from_env() if f"`{n}`" not in documented)
    assert not missing_example, f".env.example lacks {missing_example}"
    assert not missing_docs, f"docs/configuration.md lacks {missing_docs}"


def test_every_cli_command_is_documented():
    commands = sorted(
        path.stem
        for path in PACKAGE.glob("*/management/commands/*.py")
        if not path.stem.startswith("_")
    )
    assert "demo" in commands and "serve" in commands
    docs = _all_docs()
    missing = [name for name in commands if f"townsquare {name}" not in docs]
    assert not missing, f"undocumented commands: {missing}"


def test_readme_starts_with_the_two_commands():
    head = (ROOT / "README.md").read_text().split("\n## ", 1)[0]
    assert "make demo" in head and "make test" in head


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)


def test_every_api_route_is_documented():
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "townsquare.settings")
    django.setup()
    from townsquare.api.main import api

    schema = api.get_openapi_schema()
    routes = {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
    }
    assert len(routes) >= 10
    documented = (ROOT / "docs" / "api.md").read_text()
    missing = sorted(route for route in routes if f"`{route}`" not in documented)
    assert not missing, f"docs/api.md lacks {missing}"


def test_every_doc_gives_the_report_hide_thresholds_real_default():
    default = re.search(
        r'REPORT_HIDE_THRESHOLD = env_int\("REPORT_HIDE_THRESHOLD", (\d+)',
        (PACKAGE / "settings.py").read_text(),
    ).group(1)
    text = " ".join(_all_docs().split())
    stated = re.findall(r"report (?:hide )?threshold\*{0,2} \(default (\d+)", text, re.I)
    assert stated, "no doc states the report hide threshold's default"
    assert set(stated) == {default}
