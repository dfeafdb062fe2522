"""The formats ``townsquare import`` reads: each one's parser (``sources/``) and its name."""

from __future__ import annotations

from collections.abc import Callable

from townsquare.transfer.sources import (
    commento,
    disqus,
    isso,
    isso_generic,
    jsonl,
    remark42,
    wordpress,
)

PARSERS: dict[str, Callable] = {
    "wordpress": wordpress.parse,
    "disqus": disqus.parse,
    "isso": isso.parse,
    "isso-generic": isso_generic.parse,
    "remark42": remark42.parse,
    "commento": commento.parse,
    "jsonl": jsonl.parse,
}
FORMAT_NAMES = {
    "wordpress": "WordPress",
    "disqus": "Disqus",
    "isso": "Isso",
    "isso-generic": "Isso (generic JSON)",
    "remark42": "Remark42",
    "commento": "Commento",
    "jsonl": "Townsquare",
}
# The formats whose parser can skip a record that is not well-formed (``--recover``).
RECOVERABLE = ("wordpress", "disqus")
