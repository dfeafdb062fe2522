"""Private identifiers: normalised emails, keyed hashes and identicons.

Avatars are derived from an HMAC of the normalised email with the server's secret, never from a
plain hash (an MD5 of an email, as Gravatar uses, can be reversed by hashing a list of addresses),
so nothing on a public page lets anyone recover or confirm a commenter's address.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata


def normalise_email(email: str) -> str:
    """Lower-case, trimmed, NFKC-normalised address used as a commenter's identity."""
    return unicodedata.normalize("NFKC", email).strip().lower()


def keyed_hash(value: str, *, secret: str, purpose: str, length: int = 32) -> str:
    """Hex HMAC-SHA256 of ``value``, domain-separated by ``purpose`` so hashes don't correlate."""
    key = hashlib.sha256(f"townsquare:{purpose}:{secret}".encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:length]


def identicon_svg(avatar_key: str, *, size: int = 40, label: str = "") -> str:
    """A 5×5 mirrored identicon as inline SVG, drawn from a hex avatar key.

    The key's first bytes choose the hue; the next 15 bits choose which cells of the left three
    columns are filled (mirrored to the right), which gives a symmetric, recognisable pattern.
    """
    digest = bytes.fromhex(avatar_key.ljust(32, "0")[:32])
    hue = int.from_bytes(digest[:2], "big") % 360
    bits = int.from_bytes(digest[2:6], "big")
    cell = size / 5
    rects = []
    for index in range(15):
        if not (bits >> index) & 1:
            continue
        col, row = divmod(index, 5)
        for x in {col, 4 - col}:
            rects.append(
                f'<rect x="{x * cell:.1f}" y="{row * cell:.1f}" '
                f'width="{cell:.1f}" height="{cell:.1f}"/>'
            )
    aria = f'role="img" aria-label="{label}"' if label else 'aria-hidden="true"'
    return (
        f'<svg class="avatar" xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}" {aria}>'
        f'<rect width="{size}" height="{size}" fill="hsl({hue},45%,92%)"/>'
        f'<g fill="hsl({hue},55%,38%)">{"".join(rects)}</g></svg>'
    )
