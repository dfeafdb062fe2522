from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from townsquare.comments.forms import CommentForm
from townsquare.comments.remember import remembered_details
from townsquare.comments.selectors import comment_count_for_story, thread_for_story
from townsquare.comments.services import current_terms
from townsquare.comments.session import my_comment_ids
from townsquare.lib.highlight import highlight_spans
from townsquare.lib.params import positive_int
from townsquare.stories.models import Story
from townsquare.stories.selectors import stories_for_front_page, story_for_reader


def front_page(request: HttpRequest) -> HttpResponse:
    return render(request, "stories/front_page.html", {"stories": stories_for_front_page()})


def story_detail(request: HttpRequest, slug: str) -> HttpResponse:
    story = story_for_reader(slug=slug)
    if story is None:
        raise Http404("No such story")
    return story_page(request, story=story)


def _page_number(request: HttpRequest) -> int:
    return positive_int(request.GET.get("cpage")) or 1


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
    terms = current_terms()
    reply_to_id = None
    if form is None:
        initial = {"tos_version": terms.pk if terms else ""}
        reply_to_id = positive_int(request.GET.get("replytocom"))
        if reply_to_id is not None:
            initial["comment_parent"] = reply_to_id
        remembered = remembered_details(request)
        if remembered:
            # This reader's own saved details, for this reader's own request (works without
            # JavaScript); the response is marked private below.
            initial.update(remembered, remember=True)
        form = CommentForm(initial=initial)
    elif form.is_bound:
        reply_to_id = positive_int(form.data.get("comment_parent"))
    thread = thread_for_story(
        story=story, page=_page_number(request), viewer_comment_ids=my_comment_ids(request)
    )
    paragraphs = story.paragraphs
    ad_position = story.ad_position if paragraphs else None
    context = {
        "story": story,
        "paragraphs": paragraphs,
        "ad_position": ad_position,
        "ad_html": mark_safe(story.ad_html or settings.AD_HTML),  # editor-controlled markup
        "thread": thread,
        "comment_count": comment_count_for_story(story=story),
        "form": form,
        "terms": terms,
        "reply_to_id": reply_to_id,
        "notice": notice,
        "nudge": nudge,
        "nudge_highlighted": (
            highlight_spans(form.data.get("comment", ""), nudge.spans) if nudge else ""
        ),
        "max_depth": settings.COMMENTS_MAX_DEPTH,
    }
    response = render(request, "stories/story_detail.html", context, status=status)
    if remembered_details(request):
        response["Cache-Control"] = "private, no-store"
    return response
