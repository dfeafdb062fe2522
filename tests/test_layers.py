"""The dependency rules between our apps, checked over the import graph of the source.

Lower layers never import higher ones, so each can be read, tested and changed alone:

- ``lib`` (framework helpers) imports nothing of ours but itself;
- ``civility`` (the classifier) imports nothing of ours but ``lib``, and its runtime (what
  ``civility.api.score`` and ``civility learn`` run) nothing from ``civility.offline`` (data
  sets, training, evaluation), so a production server needs none of that;
- ``stories``, ``terms`` and ``sites`` import neither comments nor moderation;
- ``comments`` (the data and how it is written and read) never imports ``moderation``;
- ``moderation`` (policy, posting, queue) may import comments, stories, terms and civility;
- ``transfer`` (import, export) and ``readers`` (verification, data rights) sit above them all.
- ``accounts`` (staff roles, sign-in, API tokens) imports nothing of ours but ``lib``;
- ``webhooks`` hears of events through ``lib.events`` and may read comments, stories and sites;
  nothing imports it;
- ``coral`` (Coral's external moderation phase) decides with ``moderation``'s civility verdict
  and ``civility``'s scorer, for a ``sites`` site; nothing imports it;
- ``scoring`` (the Perspective-compatible endpoint for other platforms) scores with civility,
  judges by moderation's per-site policy and learns with its decisions; nothing imports it;
- ``embed`` (the embed's tokens and fragments) may use everything below it; ``api`` is an
  interface (no models), and may call any service;
- ``front`` (the HTML views and their URLs, the admin, the demo and the ``demo``, ``serve`` and
  ``worker`` commands) sits on top of them all and may import any app; nothing imports it.

Every module obeys its app's rule, interfaces included (an app's own commands, template tags and
machine endpoints are held to its rule like its services). Only migrations are left out: they are
generated, and name other apps' models by app label, not by import. The modules of the
``townsquare`` package itself (settings, the URL sets, the CLI) wire the apps together and belong
to none. Function-level imports count too, so a rule cannot be dodged by hiding an import inside a
function.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "townsquare"
GENERATED_PACKAGES = {"migrations"}

# app -> apps of ours it may import (itself always)
ALLOWED = {
    "lib": set(),
    "civility": {"lib"},
    "sites": {"lib"},
    "terms": {"lib"},
    "stories": {"lib", "sites"},
    "comments": {"lib", "stories", "terms", "sites"},
    "moderation": {"lib", "stories", "terms", "sites", "comments", "civility"},
    # Importers write stories and comments, audit the import and may score with the model.
    "transfer": {"lib", "stories", "sites", "comments", "moderation", "civility"},
    # Readers' data rights read and erase comments, reports and sanctions, and audit it.
    "readers": {"lib", "stories", "sites", "comments", "moderation"},
    "accounts": {"lib"},
    "webhooks": {"lib", "sites", "stories", "comments"},
    "embed": {"lib", "sites", "stories", "terms", "comments", "moderation"},
    # Coral's phase answers with the site's civility bands (moderation.pipeline.civility_verdict).
    "coral": {"lib", "sites", "civility", "moderation"},
    # Reply e-mails hear of published comments through lib.events; they read comments, the
    # queue's counts (moderators' digest) and readers' verification links and sessions.
    "notifications": {"lib", "stories", "sites", "comments", "moderation", "readers"},
    # Scoring for other platforms: civility's model, a site's keys and policy, moderation's
    # decisions for `civility learn`.
    "scoring": {"lib", "sites", "civility", "moderation"},
    # The API records a post's reply subscription and serves a verified reader's own comments.
    "api": {
        "lib",
        "sites",
        "stories",
        "terms",
        "comments",
        "moderation",
        "accounts",
        "embed",
        "readers",
        "notifications",
    },
}
# The web interface, on top of every app.
ALLOWED["front"] = set(ALLOWED)


def _imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    """Every ``townsquare.*`` module a file imports, at any depth in the file (or only those it
    imports when it is loaded, with ``top_level_only``)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in tree.body if top_level_only else ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("townsquare"):
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("townsquare"))
    return found


def _core_files(app: str):
    """Every module of ``app`` the rules hold to: all but migrations (generated code)."""
    for path in sorted((PACKAGE / app).rglob("*.py")):
        parts = path.relative_to(PACKAGE / app).parts
        if set(parts[:-1]) & GENERATED_PACKAGES:
            continue
        yield path


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and (PACKAGE / parts[1]).is_dir() else None


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_each_app_imports_only_the_layers_below_it(app):
    offences = []
    for path in _core_files(app):
        for module in _imports(path):
            target = _app_of(module)
            if target and target != app and target not in ALLOWED[app]:
                offences.append(f"{path.relative_to(PACKAGE.parent)} imports {module}")
    assert not offences, "\n".join(sorted(set(offences)))


# The one command for both halves (``civility learn`` and ``civility status`` at run time,
# ``civility train`` or ``evaluate`` offline): each action imports what it runs, so loading the
# command for a runtime action loads nothing offline.
CIVILITY_COMMAND = PACKAGE / "civility" / "management" / "commands" / "civility.py"


def _is_offline(module: str) -> bool:
    return module == "townsquare.civility.offline" or module.startswith(
        "townsquare.civility.offline."
    )


def test_the_civility_runtime_imports_nothing_offline():
    offline = PACKAGE / "civility" / "offline"
    assert (offline / "__init__.py").exists()
    assert CIVILITY_COMMAND.exists()
    offences = [
        f"{path.relative_to(PACKAGE.parent)} imports {module}"
        for path in _core_files("civility")
        if offline not in path.parents
        for module in _imports(path, top_level_only=path == CIVILITY_COMMAND)
        if _is_offline(module)
    ]
    assert not offences, "\n".join(sorted(set(offences)))


def test_the_rules_cover_every_app_with_models():
    apps = {p.parent.name for p in PACKAGE.glob("*/models.py")}
    assert apps <= set(ALLOWED), f"add a layer rule for {sorted(apps - set(ALLOWED))}"


def test_the_check_sees_an_import_hidden_in_a_function(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from townsquare.moderation.posting import comment_submit\n")
    assert "townsquare.moderation.posting" in _imports(sample)
    assert not _imports(sample, top_level_only=True)


def test_nothing_but_migrations_is_left_out():
    """Views, URLs, admin, template tags and commands are held to their app's rule too."""
    held = {path for app in ALLOWED for path in _core_files(app)}
    left_out = {
        path.relative_to(PACKAGE).as_posix()
        for app in ALLOWED
        for path in (PACKAGE / app).rglob("*.py")
        if path not in held
    }
    assert {p for p in left_out if "/migrations/" not in p} == set()


def test_no_app_imports_the_web_interface():
    offences = [
        f"{path.relative_to(PACKAGE.parent)} imports {module}"
        for app in sorted(set(ALLOWED) - {"front"})
        for path in (PACKAGE / app).rglob("*.py")
        if "migrations" not in path.parts
        for module in _imports(path)
        if _app_of(module) == "front"
    ]
    assert not offences, "\n".join(sorted(set(offences)))
