"""Where ``civility learn --from-decisions`` gets a site's decisions, registered by their owner.

The civility app depends on no other app of ours, so it cannot ask moderation for the comments
its moderators published or rejected. The app that holds them registers a source in its
``AppConfig.ready()`` (in Townsquare, ``moderation``: ``learning.decisions_as_examples``): a
function ``(limit=...) -> [(text, label), ...]``, label 1 meaning uncivil, at most ``limit``
examples of each label.
"""

from __future__ import annotations

from collections.abc import Callable

DecisionsSource = Callable[..., list[tuple[str, int]]]

_source: list[DecisionsSource] = []


class NoDecisionsSource(LookupError):
    """No installed app registered where the site's decisions come from."""


def decisions_source_register(source: DecisionsSource) -> None:
    """Make ``source`` the one ``civility learn --from-decisions`` reads (the last one wins)."""
    _source[:] = [source]


def decisions_as_examples(*, limit: int | None = None) -> list[tuple[str, int]]:
    """The site's decisions as (text, label) pairs, from the registered source."""
    if not _source:
        raise NoDecisionsSource(
            "no installed app registers where the site's decisions come from "
            "(moderation does, in its AppConfig.ready())"
        )
    return _source[0](limit=limit)
