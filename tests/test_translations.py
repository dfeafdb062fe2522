"""The shipped catalogs (docs/translating.md): complete, current with the code, compiled.

A catalog that lacks a string the English source marks shows that string in English to a
Spanish reader; a .mo older than its .po ships yesterday's wording. Both fail here.
"""

from __future__ import annotations

import ast
import gettext
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings

LOCALE = Path(settings.BASE_DIR) / "locale"
SHIPPED = [code for code, _name in settings.LANGUAGES if not code.startswith("en")]
IGNORED = ["tests/*", "bench/*", "docs/*", "scripts/*", "*/offline/*"]


def catalog_read(path: Path) -> dict[tuple[str | None, str], dict]:
    """A .po file's entries by (context, msgid): their msgstr forms and whether fuzzy.

    A small reader of the PO format as GNU gettext writes it (no new dependency): comments,
    ``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr`` / ``msgstr[n]``, continued strings.
    """
    entries: dict[tuple[str | None, str], dict] = {}
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        fields: dict[str, str] = {}
        fuzzy, key = False, None
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                fields[key] += ast.literal_eval(line)
            else:
                key, _space, value = line.partition(" ")
                fields[key] = ast.literal_eval(value)
        if not fields.get("msgid"):
            continue  # the header
        forms = [value for name, value in sorted(fields.items()) if name.startswith("msgstr")]
        entries[(fields.get("msgctxt"), fields["msgid"])] = {
            "forms": forms,
            "fuzzy": fuzzy,
            "plural": fields.get("msgid_plural"),
        }
    return entries


def _untranslated(entries: dict) -> list:
    return [key for key, entry in entries.items() if entry["fuzzy"] or not all(entry["forms"])]


@pytest.mark.parametrize("language", SHIPPED)
def test_each_shipped_catalog_has_every_string_translated(language):
    reference = catalog_read(LOCALE / "es" / "LC_MESSAGES" / "django.po")
    entries = catalog_read(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert len(reference) > 200
    assert set(entries) == set(reference), "the catalogs must list the same strings"
    assert _untranslated(entries) == []


def test_the_catalogs_hold_every_string_the_code_marks(tmp_path, monkeypatch):
    """Extract the strings afresh from a copy of the code (GNU gettext's xgettext, as the
    makemessages command does) and look each one up in every shipped catalog."""
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.skip("GNU gettext is not installed (scripts/test-services.sh installs it)")
    source = Path(settings.BASE_DIR)
    copy = tmp_path / "townsquare"
    for path in source.rglob("*"):
        relative = path.relative_to(source)
        if path.suffix in {".py", ".html", ".txt"} and "offline" not in relative.parts:
            (copy / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy / relative)
    (copy / "locale" / "es" / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command("makemessages", locale=["es"], ignore_patterns=IGNORED, verbosity=0)
    marked = set(catalog_read(copy / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    assert len(marked) > 200
    for language in SHIPPED:
        entries = catalog_read(LOCALE / language / "LC_MESSAGES" / "django.po")
        missing = sorted(marked - set(entries), key=str)
        assert missing == [], f"{language}: run makemessages and translate these"
        assert _untranslated({key: entries[key] for key in marked}) == []


@pytest.mark.parametrize("language", SHIPPED)
def test_the_compiled_catalog_matches_its_source(language):
    """The .mo Django reads says what the .po says (``compilemessages`` after each change)."""
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog
    expected = {}
    for (context, msgid), entry in catalog_read(folder / "django.po").items():
        key = msgid if context is None else f"{context}\x04{msgid}"
        if entry["plural"] is None:
            expected[key] = entry["forms"][0]
        else:
            for number, form in enumerate(entry["forms"]):
                expected[(key, number)] = form
    compiled_entries = {key: value for key, value in catalog.items() if key != ""}
    assert compiled_entries == expected, f"run compilemessages for {language}"
