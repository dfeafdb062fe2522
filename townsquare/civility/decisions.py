"""Where ``civility learn --from-decisions`` gets a site's decisions, registered by their owner.

The civility app depends on no other app of ours, so it cannot ask moderation for the comments
its moderators published or rejected. The app that holds them registers a source in its
``AppConfig.ready()``: a function ``(limit=...) -> [(text, label), ...]``, label 1 meaning
uncivil, at most ``limit`` examples of each label. In Townsquare, ``moderation`` registers its
moderators' decisions (``learning.decisions_as_examples``) and ``scoring`` the approve / reject
feedback Coral's moderators sent for sites that opted in; learning reads them all, in the order
their apps stand in ``INSTALLED_APPS``.
"""

from __future__ import annotations

from collections.abc import Callable

DecisionsSource = Callable[..., list[tuple[str, int]]]

_sources: list[DecisionsSource] = []


class NoDecisionsSource(LookupError):
    """No installed app registered where the site's decisions come from."""


def decisions_source_register(source: DecisionsSource) -> None:
    """Add ``source`` to those ``civility learn --from-decisions`` reads (once each)."""
    if source not in _sources:
        _sources.append(source)


def decisions_sources() -> list[DecisionsSource]:
    """The registered sources, in the order they are read."""
    return list(_sources)


def decisions_as_examples(*, limit: int | None = None) -> list[tuple[str, int]]:
    """The site's decisions as (text, label) pairs, from every registered source."""
    if not _sources:
        raise NoDecisionsSource(
            "no installed app registers where the site's decisions come from "
            "(moderation does, in its AppConfig.ready())"
        )
    return [example for source in _sources for example in source(limit=limit)]
