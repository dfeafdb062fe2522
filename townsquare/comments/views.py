from __future__ import annotations

import json
from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from townsquare.comments.forms import CommentForm, form_age_seconds
from townsquare.comments.models import Comment
from townsquare.comments.selectors import ThreadNode
from townsquare.comments.services import (
    ClientInfo,
    CommentNudged,
    CommentRefused,
    comment_submit,
)
from townsquare.comments.session import remember_my_comment
from townsquare.lib.client import client_ip, device_cookie_set, device_id_for, ip_hash
from townsquare.lib.highlight import highlight_spans
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
    device_id = device_id_for(request)
    nudge = None
    if form.is_valid():
        data = form.cleaned_data
        ip = client_ip(request)
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
                client=ClientInfo(ip_hash=ip_hash(ip), raw_ip=ip or None, device_id=device_id),
                honeypot=data["phone"],
                form_age_seconds=form_age_seconds(data["form_started"]),
                nudge_token=data["nudge_token"],
            )
        except CommentRefused as refusal:
            form.add_error(refusal.field, refusal.message)
        except CommentNudged as nudged:
            nudge = nudged
            form = CommentForm({**request.POST.dict(), "nudge_token": nudged.token})
            form.is_valid()
        else:
            if result.rejection_notice:
                form.add_error(None, result.rejection_notice)
            else:
                response = _accepted(request, story, form, result.comment)
                device_cookie_set(response, device_id)
                return response
    if _wants_fragment(request):
        if nudge is not None:
            response = JsonResponse(
                {
                    "nudge": {
                        "message": nudge.message,
                        "token": nudge.token,
                        "highlighted": highlight_spans(form.data.get("comment", ""), nudge.spans),
                    }
                },
                status=422,
            )
        else:
            response = JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    else:
        response = story_page(
            request, story=story, form=form, status=422 if nudge else 400, nudge=nudge
        )
    device_cookie_set(response, device_id)
    return response


def _accepted(request, story, form, comment) -> HttpResponse:
    if comment.status == Comment.Status.SPAM:
        # Robots see the same success as people; nothing tells them which trap they hit.
        response = HttpResponseRedirect(f"{story.get_absolute_url()}#comments")
        response.status_code = 303
        if _wants_fragment(request):
            response = JsonResponse(
                {"id": None, "parent": None, "status": "published", "html": ""}, status=201
            )
        return response
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
