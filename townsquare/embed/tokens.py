"""Signed tokens that let an embed post without cookies (third-party cookies are not sent).

- The **thread token** names the story a post is for. It is the same for every reader (so it
  can sit in the cached thread), and signed, so a post can only name a story whose thread was
  served.
- The **device token** is the signed device id, the same value the ``ts_device`` cookie holds
  on our own pages; the script keeps it in the host page's ``localStorage``. A client can drop
  it and get a fresh one but never choose one, so flood limits, reports and ban-evasion marks
  key on it as they do on the cookie.
- The **author token** lists (signed) the reader's last comments, so the embed can show them
  their own comment awaiting moderation; nobody else can name those ids.
"""

from __future__ import annotations

from django.core import signing

from townsquare.lib.params import positive_int

_THREAD_SALT = "townsquare.embed.thread"
_AUTHOR_SALT = "townsquare.embed.author"
AUTHOR_IDS_KEPT = 50
AUTHOR_TOKEN_MAX_AGE = 90 * 24 * 3600
TOKEN_MAX_LENGTH = 2000


def thread_token_for(story_id: int) -> str:
    return signing.Signer(salt=_THREAD_SALT).sign(str(story_id))


def story_id_from_thread_token(token: str) -> int | None:
    if not token or len(token) > 200:
        return None
    try:
        return positive_int(signing.Signer(salt=_THREAD_SALT).unsign(token))
    except signing.BadSignature:
        return None


def author_token_for(comment_ids: list[int]) -> str:
    ids = list(dict.fromkeys(comment_ids))[:AUTHOR_IDS_KEPT]
    return signing.dumps(ids, salt=_AUTHOR_SALT, compress=True)


def author_comment_ids(token: str) -> list[int]:
    """The comment ids an author token lists; [] for a missing, stale or forged one."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return []
    try:
        ids = signing.loads(token, salt=_AUTHOR_SALT, max_age=AUTHOR_TOKEN_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return []
    if not isinstance(ids, list):
        return []
    return [n for n in (positive_int(i) for i in ids[:AUTHOR_IDS_KEPT]) if n is not None]
