"""The thread client's own words (``embed.js``), in the language the thread is rendered in.

The embed runs on newsroom pages of other origins under their Content Security Policy, so its
catalog is not a script of its own (Django's ``JavaScriptCatalog`` would be one more request and
would set ``django.gettext`` on the host page, where a newsroom's own Django site may have its
own): the thread fragment carries it as a JSON data block (``<script type="application/json"
id="ts-strings">``, never executed), rendered through gettext with the rest of the fragment and
cached with it, per language. ``embed.js`` keeps English fallbacks for every key.

Plural forms: each counted string comes with all of its language's forms, in the catalog's
order, and with the catalog's ``Plural-Forms`` expression, which ``embed.js`` evaluates with a
small parser of its own (no ``eval``), exactly as gettext does.
"""

from __future__ import annotations

import gettext as gettext_module
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.utils.translation import get_language, gettext, ngettext

from townsquare.moderation.models import Report

ENGLISH_PLURAL = "n != 1"
SAMPLES = (*range(0, 200), 1000, 1000000, 1000001)  # enough to meet every form of a language


@cache
def plural_expression(language: str) -> str:
    """The ``plural=`` expression of our catalog for ``language`` (English's without one)."""
    catalog = gettext_module.translation(
        "django",
        localedir=str(settings.LOCALE_PATHS[0]),
        languages=[language.replace("-", "_")],
        fallback=True,
    )
    header = catalog.info().get("plural-forms", "")
    for part in header.split(";"):
        name, _equals, value = part.strip().partition("=")
        if name == "plural" and value:
            return value.strip()
    return ENGLISH_PLURAL


@cache
def _form_samples(expression: str) -> tuple[int, ...]:
    """One count for each plural form of ``expression``, in the forms' order."""
    rule = gettext_module.c2py(expression)
    found: dict[int, int] = {}
    for number in SAMPLES:
        found.setdefault(int(rule(number)), number)
    return tuple(found[index] for index in sorted(found))


def _forms(counted: Callable[[int], str], expression: str) -> list[str]:
    """Every form of a counted string, in order; ``counted`` calls ``ngettext`` itself, so
    that makemessages finds the string."""
    return [counted(number) for number in _form_samples(expression)]


def embed_strings() -> dict:
    """The client's words in the active language: plain ones, counted ones, the report reasons.

    Placeholders are Python's (``%(name)s``, ``%(counter)s``); ``embed.js`` fills them in.
    """
    language = get_language() or settings.LANGUAGE_CODE
    expression = plural_expression(language)
    return {
        "lang": language,
        "plural": expression,
        "strings": {
            "post": gettext("Post Comment"),
            "post_anyway": gettext("Post anyway"),
            "post_failed": gettext("Your comment could not be posted; please try again."),
            "unreachable": gettext(
                "We could not reach the comments server; your text is still here. Please try again."
            ),
            "nudge_explain": gettext(
                "The highlighted words are what our civility check reacted to:"
            ),
            "nudge_edit": gettext("Edit my comment"),
            "nudge_choices": gettext(
                " or use Post anyway below; a moderator will read it before it appears."
            ),
            "leave_reply": gettext("Leave a Reply"),
            "reply_to": gettext("Reply to %(name)s"),
            "cancel_reply": gettext("Cancel reply"),
            "show": gettext("Show"),
            "report_why": gettext("Why should our moderators read this comment?"),
            "report_details": gettext("Details (optional)"),
            "report_send": gettext("Send report"),
            "report_failed": gettext("The report could not be sent."),
            "cancel": gettext("Cancel"),
            "close": gettext("Close"),
            "verified": gettext(
                "You are signed in with your verified address: reply e-mails start at once."
            ),
            "your_comments": gettext("Your comments"),
            "signed_in_as": gettext("Signed in as"),
            "sign_out": gettext("Sign out"),
            "sign_in_failed": gettext("Signing in did not work: %(message)s"),
            "sign_in_failed_plain": gettext("Signing in did not work."),
            "edit": gettext("Edit"),
            "delete": gettext("Delete"),
            "respect_failed": gettext("Your respect could not be recorded."),
            "edit_label": gettext("Edit your comment"),
            "edit_save": gettext("Save my edit"),
            "edit_save_anyway": gettext("Save anyway"),
            "edit_nudged": gettext(
                "Change your text, or save anyway: a moderator will then read it first."
            ),
            "edit_failed": gettext("Your edit could not be saved."),
            "edit_unreachable": gettext(
                "We could not reach the comments server; your text is still here."
            ),
            "delete_confirm": gettext(
                "Delete this comment? Your name and text will no longer be shown. "
                "This cannot be undone."
            ),
            "delete_failed": gettext("The comment could not be deleted."),
            "deleted": gettext("This comment was deleted by its author."),
        },
        "plurals": {
            # The same words as the thread's template (one translation for both).
            "comments": _forms(
                lambda n: ngettext("%(counter)s Comment", "%(counter)s Comments", n), expression
            ),
            "new_comments": _forms(
                lambda n: ngettext("%(counter)s new comment", "%(counter)s new comments", n),
                expression,
            ),
            "respects": _forms(
                lambda n: ngettext("%(counter)s respect", "%(counter)s respects", n), expression
            ),
        },
        # The report reasons' names, in Report.Reason's order: embed.js holds their codes
        # (REASON_CODES), so the thread's HTML names no moderation reason code.
        "reasons": [gettext(label) for label in Report.Reason.labels],
    }
