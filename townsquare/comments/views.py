from __future__ import annotations

import json
from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from townsquare.comments.forms import CommentForm
from townsquare.comments.selectors import ThreadNode
from townsquare.comments.services import CommentRefused, comment_submit
from townsquare.comments.session import remember_my_comment
from townsquare.stories.selectors import story_for_reader
from townsquare.stories.views import story_page

REMEMBER_COOKIE = "townsquare_commenter"
REMEMBER_SECONDS = 365 * 24 * 3600


def _wants_fragment(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "townsquare"


@require_POST
def comment_post(request: HttpRequest, slug: str) -> HttpResponse:
    """Post a comment from the reply form; works as a plain form post and from the page's JS."""
    story = story_for_reader(slug=slug)
    if story is None:
        raise Http404("No such story")
    form = CommentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = comment_submit(
                story=story,
                author_name=data["author"],
                email=data["email"],
                url=data["url"],
                body=data["comment"],
                parent_id=data["comment_parent"],
                terms_version_id=data["tos_version"],
                user=request.user,
            )
        except CommentRefused as refusal:
            form.add_error(refusal.field, refusal.message)
        else:
            return _accepted(request, story, form, result.comment)
    if _wants_fragment(request):
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    return story_page(request, story=story, form=form, status=400)


def _accepted(request, story, form, comment) -> HttpResponse:
    remember_my_comment(request, comment.pk)
    if _wants_fragment(request):
        html = render_to_string(
            "comments/_comment.html",
            {"node": ThreadNode(comment=comment, is_mine=True), "story": story},
            request=request,
        )
        response: HttpResponse = JsonResponse(
            {"id": comment.pk, "parent": comment.parent_id, "status": comment.status, "html": html},
            status=201,
        )
    else:
        response = HttpResponseRedirect(f"{story.get_absolute_url()}#comment-{comment.pk}")
        response.status_code = 303
    data = form.cleaned_data
    if data["remember"]:
        # The reader asked for this: their own details, in their own browser, readable by the
        # page's script to pre-fill the form. The server never echoes them into shared HTML.
        value = quote(
            json.dumps({"author": data["author"], "email": data["email"], "url": data["url"]})
        )
        response.set_cookie(REMEMBER_COOKIE, value, max_age=REMEMBER_SECONDS, samesite="Lax")
    else:
        response.delete_cookie(REMEMBER_COOKIE, samesite="Lax")
    return response
