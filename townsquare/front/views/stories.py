"""The front page and the article page, served alike to every anonymous reader.

An anonymous request (none of our cookies, a GET) gets a public page: rendered once per version
of what it shows, kept in the shared cache, with ``ETag``/``Last-Modified`` and
``Cache-Control: public`` so nginx or a CDN can serve it too, and no cookie or ``Vary`` of ours.
A reader who has posted (a session), saved their details (the remember cookie) or is signed in
gets a private page with their own parts in it: their pending comments, the pre-filled form,
notices, the staff links.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from townsquare.comments.authorship import viewer_from_request
from townsquare.comments.forms import CommentForm
from townsquare.comments.remember import remembered_details
from townsquare.comments.selectors import ThreadSort
from townsquare.comments.session import viewer_is_anonymous
from townsquare.comments.viewer import viewer_parts
from townsquare.embed import fragments
from townsquare.embed.fragments import thread_data, thread_mark_own
from townsquare.embed.pages import page_on_townsquare
from townsquare.front.context_processors import public_context
from townsquare.lib import http_cache
from townsquare.lib.highlight import highlight_spans
from townsquare.lib.i18n import language_activate_for
from townsquare.lib.params import positive_int
from townsquare.readers.commenting import commenting_viewer
from townsquare.readers.session import reader_session_email
from townsquare.stories.models import Story
from townsquare.stories.selectors import (
    stories_for_front_page,
    story_for_reader,
    story_thread_is_current,
)
from townsquare.terms.models import TermsVersion
from townsquare.terms.selectors import terms_current


def front_page(request: HttpRequest) -> HttpResponse:
    stories = list(stories_for_front_page())
    if not viewer_is_anonymous(request):
        return http_cache.private_headers(
            render(request, "stories/front_page.html", {"stories": stories})
        )
    parts = ("front", *((s.pk, s.updated_at, s.thread_version) for s in stories))
    changed = [s.thread_changed_at or s.updated_at for s in stories] + [
        s.updated_at for s in stories
    ]
    return http_cache.public_response(
        request,
        parts=parts,
        last_modified=max(changed, default=None),
        render=lambda: render_to_string(
            "stories/front_page.html",
            {"stories": stories, "public_page": True, **public_context()},
            request=None,
        ),
    )


def story_detail(request: HttpRequest, slug: str) -> HttpResponse:
    story = story_for_reader(slug=slug)
    if story is None:
        raise Http404("No such story")
    return story_page(request, story=story)


def _thread_query(request: HttpRequest) -> dict[str, str]:
    """The thread's position from the query string; anything unreadable means the first page."""
    sort = request.GET.get("sort", "")
    return {
        "sort": sort if sort in ThreadSort.values else ThreadSort.OLDEST,
        "after": request.GET.get("after", "")[:100],
        "start": request.GET.get("from", "")[:100],
    }


def story_page(
    request: HttpRequest,
    *,
    story: Story,
    form: CommentForm | None = None,
    status: int = 200,
    notice: str = "",
    nudge=None,
) -> HttpResponse:
    """Render the article with its discussion; the comment view reuses it to show form errors."""
    # In the story's language (or its site's, or a lang parameter's): the page, its thread and
    # the form; the page cache keeps one copy per language.
    language_activate_for(request, story=story)
    query = _thread_query(request)
    reply_to_id = positive_int(request.GET.get("replytocom")) if form is None else None
    if form is None and viewer_is_anonymous(request):
        parts = (
            "story",
            *story.cache_marks(),
            reply_to_id,
            *query.values(),
        )
        last_modified = max(filter(None, [story.updated_at, story.thread_changed_at]))
        return http_cache.public_response(
            request,
            parts=parts,
            last_modified=last_modified,
            render=lambda: _story_html(
                request, story=story, query=query, reply_to_id=reply_to_id, public=True
            ),
            replica_current=lambda: story_thread_is_current(story=story),
        )
    html = _story_html(
        request,
        story=story,
        query=query,
        reply_to_id=reply_to_id,
        public=False,
        form=form,
        notice=notice,
        nudge=nudge,
    )
    return http_cache.private_headers(HttpResponse(html, status=status))


def _commenting_context(request: HttpRequest, *, story: Story) -> dict:
    viewer = commenting_viewer(
        story=story, session_email=reader_session_email(request), user=request.user
    )
    return {"may_comment": viewer.may_comment, "signed_in_as": viewer.identity}


def _story_html(
    request: HttpRequest,
    *,
    story: Story,
    query: dict[str, str],
    reply_to_id: int | None,
    public: bool,
    form: CommentForm | None = None,
    notice: str = "",
    nudge=None,
) -> str:
    terms = terms_current(kind=TermsVersion.Kind.TERMS)
    if form is None:
        initial = {"tos_version": terms.pk if terms else ""}
        if reply_to_id is not None:
            initial["comment_parent"] = reply_to_id
        remembered = None if public else remembered_details(request)
        if remembered:
            # This reader's own saved details, for this reader's own request (works without
            # JavaScript); the response is private.
            initial.update(remembered, remember=True)
        form = CommentForm(initial=initial)
    elif form.is_bound:
        reply_to_id = positive_int(form.data.get("comment_parent"))
    # The thread as the embed renders it, from the same cached public data ("page": with the
    # plain forms that work without JavaScript; embed.js takes it over in place).
    page = page_on_townsquare(story)
    thread = thread_data(page=page, **query)
    if not public:
        # This reader's own page: their pending comments, Edit and Delete on their comments,
        # what they respect.
        thread = thread_mark_own(
            thread, parts=viewer_parts(viewer=viewer_from_request(request), story=story)
        )
    thread_html = fragments.thread_html(
        page=page,
        mode="page",
        thread=thread,
        extra={
            "form": form,
            "terms": terms,
            "reply_to_id": reply_to_id,
            "nudge": nudge,
            "nudge_highlighted": (
                highlight_spans(form.data.get("comment", ""), nudge.spans) if nudge else ""
            ),
            # A signed-in user's own page: their plain forms carry Django's CSRF token.
            **({} if public else {"csrf_token": get_token(request)}),
            # Who may comment, for this reader (the public copy: a guest; docs/identity.md).
            **({} if public else _commenting_context(request, story=story)),
        },
    )
    paragraphs = story.paragraphs
    context = {
        "story": story,
        "paragraphs": paragraphs,
        "ad_position": story.ad_position if paragraphs else None,
        "ad_html": mark_safe(story.ad_html or settings.AD_HTML),  # editor-controlled markup
        "comment_count": thread["comment_count"],
        "thread_html": mark_safe(thread_html),  # our own template's output
        "notice": notice,
        "public_page": public,
        **(public_context() if public else {}),
    }
    # A public page is rendered without the request: nothing in it can depend on the viewer,
    # and no cookie (CSRF, session) can be set by it.
    return render_to_string(
        "stories/story_detail.html", context, request=None if public else request
    )
