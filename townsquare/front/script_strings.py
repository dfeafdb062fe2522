"""The strings a page's script shows, in the page's language, as a JSON block in the page.

The moderators' queue and the report form render their scripts' strings with gettext into
``<script type="application/json" id="ts-strings">`` (``json_script``), which the scripts read,
keeping English fallbacks of their own. Data, not code: the pages' CSP (``script-src 'self'``)
runs no inline script, and nothing is evaluated.

A plural is sent as its forms by CLDR plural category, which the script picks with the
browser's ``Intl.PluralRules`` for the page's ``lang``: "one" is gettext's form for 1, "many"
its form for a million (Spanish, French and Portuguese say "de" there), "other" its form for 2.
"""

from __future__ import annotations

from collections.abc import Callable


def plural_forms(translate: Callable[[int], str]) -> dict[str, str]:
    """``translate`` is ``lambda n: ngettext("…", "…", n)``, written out so makemessages sees it."""
    return {"one": translate(1), "many": translate(1_000_000), "other": translate(2)}
