"""Reading numbers from query strings and hidden form fields without surprises.

``str.isdigit`` accepts "²" and "٣", which ``int`` then refuses or reads as something else, and
a 30-digit id overflows the database's 64-bit integers; either used to turn a typo in a URL into
a server error. These helpers accept ASCII digits in the range a database id can hold, and
answer None for anything else, so callers fall back to a default.
"""

from __future__ import annotations

import re

MAX_DB_INT = 2**63 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def positive_int(value: object) -> int | None:
    """``value`` as an int in 1 … 2**63-1 when it is one written in ASCII digits; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value if value is not None else "").strip()
        if not _ASCII_DIGITS.fullmatch(text):
            return None
        number = int(text)
    return number if 0 < number <= MAX_DB_INT else None
