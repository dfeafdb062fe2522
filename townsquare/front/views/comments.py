"""The article page's plain forms, for readers without JavaScript: post, edit, delete, respect.

With scripts on, the page is a client of the public API like the embed (``embed.js``, the same
endpoints and services); these views are the small path that works without them. Each calls
the same service as the API, and answers with a redirect (303) to the page of the thread that
holds the comment, or re-renders the form with what the reader typed. Also the replies page and
the commenters' avatars.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseRedirect,
)
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from townsquare.comments.authorship import (
    edit_deadline,
    viewer_from_request,
)
from townsquare.comments.forms import (
    CommentForm,
    form_started_token,
)
from townsquare.comments.models import Comment
from townsquare.comments.public import replies_public_cached
from townsquare.comments.remember import REMEMBER_COOKIE, REMEMBER_SECONDS
from townsquare.comments.respects import comment_respect_toggle
from townsquare.comments.selectors import (
    comment_thread_url,
)
from townsquare.comments.services import CommentInvalid, CommentRefused
from townsquare.comments.session import (
    my_comment_ids,
    own_parts_cookie_set,
    remember_my_comment,
    viewer_is_anonymous,
)
from townsquare.comments.viewer import viewer_parts
from townsquare.embed import fragments
from townsquare.embed.fragments import thread_mark_own
from townsquare.embed.pages import page_on_townsquare
from townsquare.front.context_processors import public_context
from townsquare.front.views.stories import story_page
from townsquare.lib import http_cache
from townsquare.lib.client import (
    DEVICE_ALLOWANCE_MESSAGE,
    client_info,
    client_ip,
    device_cookie_set,
    device_from_cookie,
    device_issue,
    ip_hash,
    network_hash,
)
from townsquare.lib.dbfaults import database_lost
from townsquare.lib.highlight import highlight_spans
from townsquare.lib.i18n import language_activate_for
from townsquare.lib.identity import identicon_svg
from townsquare.lib.oversize import truncated_fields
from townsquare.moderation.authoring import (
    CommentNotYours,
    comment_author_delete,
    comment_edit,
    comment_for_author,
)
from townsquare.moderation.posting import (
    CommentNudged,
)
from townsquare.notifications.posting import (
    PostInput,
    PostResult,
    comment_post_use_case,
    refusal_status,
)
from townsquare.readers.session import reader_session_email
from townsquare.stories.selectors import story_for_reader, story_thread_is_current


def _origin_allowed(request: HttpRequest) -> bool:
    """Whether a browser's ``Origin`` (when it sends one) is this site or a trusted origin."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True  # not sent: an older browser, or not a browser (no cookies to misuse)
    if origin == "null":
        return False  # a sandboxed frame or a page from disk
    parts = urlsplit(origin)
    if f"{parts.scheme}://{parts.netloc}" in settings.CSRF_TRUSTED_ORIGINS:
        return True
    return parts.netloc == request.get_host() and parts.scheme == request.scheme


def _write_refused(request: HttpRequest) -> HttpResponse | None:
    """The cross-site-request check for posting a comment; None when the post may go ahead.

    The public article page is the same for every reader and carries no CSRF token. For a
    reader who is not signed in a token would protect nothing: the session and device cookies
    are SameSite=Lax, so a post from another site arrives without them, no different from that
    site posting in its own name. Such a post is refused by its ``Origin`` header. A signed-in
    user (staff, whose comments publish at once) must show Django's CSRF token as everywhere
    else; their pages are private and carry it.
    """
    if not _origin_allowed(request):
        return HttpResponseForbidden("Comments can only be posted from this site's pages.")
    if request.user.is_authenticated:
        return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
    return None


@csrf_exempt
@require_POST
def comment_post(request: HttpRequest, slug: str) -> HttpResponse:
    """Post a comment from the reply form without JavaScript (the script posts to the API)."""
    story = story_for_reader(slug=slug)
    if story is None:
        raise Http404("No such story")
    language_activate_for(request, story=story)  # the form's errors, the nudge, the answers
    refused = _write_refused(request)
    if refused is not None:
        return refused
    form = CommentForm(request.POST)
    device = device_from_cookie(request)
    nudge = None
    status = 400
    too_long = truncated_fields(request).get("comment")
    if too_long:
        # The post was larger than the server reads in one go; the comment field arrives cut
        # at the limit, so the reader gets their words back with the reason.
        form.is_valid()
        form.add_error(
            "comment",
            gettext(
                "Comments can be at most %(limit)d characters; yours had about %(length)s. "
                "We kept the first %(limit)d so you can shorten it."
            )
            % {"limit": settings.COMMENTS_MAX_LENGTH, "length": f"{too_long:,}"},
        )
    elif not form.is_valid() and form.is_stale:
        form = _fresh_form(request.POST, error=form.non_field_errors()[0])
    elif form.is_valid():
        data = form.cleaned_data
        result = comment_post_use_case(
            story=story,
            post=PostInput(
                author=data["author"],
                email=data["email"],
                url=data["url"],
                body=data["comment"],
                parent_id=data["comment_parent"],
                terms_version_id=data["tos_version"],
                honeypot=data["phone"],
                nudge_token=data["nudge_token"],
                notify_replies=data["notify_replies"],
                form_started=data["form_started"],
            ),
            device=device,
            # Posting needs a browser we issued an id to: the cookie's, or one issued now within
            # the connection's allowance (so dropping the cookie costs a new browser).
            device_issue=lambda: device_issue(request),
            client=client_info(request),
            user=request.user,
            session_email=reader_session_email(request),
        )
        device = result.device
        if result.outcome == "write_failed":
            return _write_failed(request, story, result)
        if result.outcome == "saved_plainly":
            response = _saved_plainly(request, story, result.comment)
        elif result.outcome == "posted":
            response = _accepted(request, story, form, result)
        if result.posted:
            if device is not None:
                device_cookie_set(response, device)
            return response
        status = result.http_status
        if result.outcome == "stale":
            form = _fresh_form(request.POST, error=result.message)
        elif result.outcome == "nudged":
            nudge = result.nudge
            form = CommentForm(
                {
                    **request.POST.dict(),
                    "nudge_token": nudge.token,
                    "form_started": result.form_started,
                }
            )
            form.is_valid()
        else:
            if result.code == "parent_missing":
                # Post it as a new comment next time, rather than fail the same way again.
                form = _fresh_form({**request.POST.dict(), "comment_parent": ""})
            form.add_error(result.field if result.code != "rejected" else None, result.message)
            _form_token_renew(form, token=result.form_started)
    response = story_page(request, story=story, form=form, status=status, nudge=nudge)
    if device is not None:
        device_cookie_set(response, device)
    return response


def _write_failed(request: HttpRequest, story, failed: PostResult) -> HttpResponse:
    """503 when the database connection failed while the comment was saved.

    Rendered without the database (the story page would need it): the message says whether
    nothing was saved or the reader should look at the thread before posting again.
    """
    database_lost(request)
    response = HttpResponse(
        format_html(
            '<!doctype html><html lang="{}"><title>{}</title><main><p>{}</p>'
            '<p><a href="{}#comments">{}</a></p></main></html>',
            get_language(),
            gettext("Your comment"),
            failed.message,
            story.get_absolute_url(),
            gettext("Back to the story"),
        ),
        status=failed.http_status,
    )
    response["Retry-After"] = "10"
    return response


def _saved_plainly(request: HttpRequest, story, comment: Comment) -> HttpResponse:
    """The comment was committed but the answer could not be built (the database went away
    after the commit): acknowledge it without the database."""
    database_lost(request)
    response = HttpResponseRedirect(f"{story.get_absolute_url()}#comment-{comment.pk}")
    response.status_code = 303
    return response


def _form_token_renew(form: CommentForm, *, token: str = "") -> None:
    """Give a form that comes back a fresh token: the one it was posted with is spent."""
    data = form.data.copy()
    data["form_started"] = token or form_started_token()
    form.data = data


def _fresh_form(data, *, error: str = "") -> CommentForm:
    """The posted form again, with a fresh timestamp (and ``error`` shown above it)."""
    form = CommentForm({**dict(data.items()), "form_started": form_started_token()})
    form.is_valid()
    if error:
        form.add_error(None, error)
    return form


def _accepted(request, story, form, result: PostResult) -> HttpResponse:
    comment = result.comment
    if not result.shown:
        # Robots see the same success as people; nothing tells them which trap they hit.
        response = HttpResponseRedirect(f"{story.get_absolute_url()}#comments")
        response.status_code = 303
        return response
    remember_my_comment(request, comment.pk)
    if result.subscription_notice:
        messages.info(request, result.subscription_notice)
    if result.status == "pending":
        messages.info(request, result.message)
    else:
        messages.success(request, result.message)
    # Land on the page of the thread that holds the new comment, at the comment itself.
    url = comment_thread_url(comment=comment, viewer_comment_ids=my_comment_ids(request))
    response = HttpResponseRedirect(url)
    response.status_code = 303
    data = form.cleaned_data
    if data["remember"]:
        # The reader asked for this: their own details, in their own browser, to pre-fill the
        # form. Percent-encoded whole (no "/" or ":" left), so the cookie is never quoted.
        value = quote(
            json.dumps({"author": data["author"], "email": data["email"], "url": data["url"]}),
            safe="",
        )
        response.set_cookie(
            REMEMBER_COOKIE,
            value,
            max_age=REMEMBER_SECONDS,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    else:
        response.delete_cookie(REMEMBER_COOKIE, samesite="Lax")
    # The page a poster sees next may be a public one from a shared cache; this tells its script
    # to fetch their own parts (their pending comment) from the API (``POST /api/v1/forms``).
    own_parts_cookie_set(response)
    return response


@require_GET
def comment_replies(request: HttpRequest, slug: str, comment_id: int) -> HttpResponse:
    """Every reply under one top-level comment, a page at a time: the page "Show N more
    replies" opens without JavaScript (the script fetches ``/embed/replies`` in place)."""
    story = story_for_reader(slug=slug)
    if story is None:
        raise Http404("No such story")
    language_activate_for(request, story=story)
    after = request.GET.get("after", "")[:100]

    def render_page(*, public: bool) -> str:
        data = replies_public_cached(story=story, root_id=comment_id, after=after)
        if data is None:
            raise Http404("No such comment")
        page = page_on_townsquare(story)
        if not public:
            parts = viewer_parts(viewer=viewer_from_request(request), story=story)
            marked = thread_mark_own(
                {"comments": [data["comment"]], "next_cursor": "-"}, parts=parts
            )
            data = {**data, "comment": marked["comments"][0]}
        context = {
            "story": story,
            "replies": data,
            "replies_html": mark_safe(  # our own template's output
                fragments.replies_html(page=page, root_id=comment_id, mode="page", data=data)
            ),
            "public_page": public,
            **(public_context() if public else {}),
        }
        return render_to_string(
            "comments/replies_page.html", context, request=None if public else request
        )

    if viewer_is_anonymous(request):
        parts = ("replies", *story.cache_marks(), comment_id, after)
        return http_cache.public_response(
            request,
            parts=parts,
            last_modified=story.thread_changed_at or story.updated_at,
            render=lambda: render_page(public=True),
            replica_current=lambda: story_thread_is_current(story=story),
        )
    return http_cache.private_headers(HttpResponse(render_page(public=False)))


def _author_comment(request: HttpRequest, slug: str, comment_id: int):
    """(story, the viewer's own comment on it) or an answer saying it is not theirs."""
    story = story_for_reader(slug=slug)
    if story is None:
        raise Http404("No such story")
    language_activate_for(request, story=story)
    viewer = viewer_from_request(request)
    try:
        comment = comment_for_author(viewer=viewer, comment_id=comment_id)
    except CommentNotYours as refusal:
        page = render(
            request,
            "comments/not_yours.html",
            {"story": story, "message": refusal.message},
            status=404,
        )
        return story, viewer, None, http_cache.private_headers(page)
    if comment.story_id != story.pk:
        raise Http404("No such comment")
    return story, viewer, comment, None


@csrf_exempt
@require_http_methods(["GET", "POST"])
def comment_edit_page(request: HttpRequest, slug: str, comment_id: int) -> HttpResponse:
    """The author's own comment in a form, while the edit window is open; POST saves the edit.

    Works without JavaScript (POST, then a redirect to the comment). A refusal, a nudge or a
    field error gives the form back with what the reader typed. Never cached.
    """
    story, viewer, comment, refused = _author_comment(request, slug, comment_id)
    if refused is not None:
        return refused
    body = comment.body
    error = ""
    nudge = None
    status = 200
    if request.method == "POST":
        write_refused = _write_refused(request)
        if write_refused is not None:
            return write_refused
        body = request.POST.get("comment", "")[: settings.COMMENTS_MAX_LENGTH * 2]
        try:
            result = comment_edit(
                viewer=viewer,
                comment_id=comment.pk,
                body=body,
                user=request.user,
                client=client_info(request),
                nudge_token=request.POST.get("nudge_token", "")[:100],
            )
        except CommentNudged as nudged:
            nudge, status = nudged, 422
        except CommentInvalid as invalid:
            error, status = invalid.message, 400
        except CommentRefused as refusal:
            error, status = refusal.message, refusal_status(refusal.code)
        else:
            if result.changed and not result.held:
                messages.success(request, result.message)
            else:
                messages.info(request, result.message)
            url = comment_thread_url(
                comment=result.comment, viewer_comment_ids=my_comment_ids(request)
            )
            return http_cache.private_headers(HttpResponseRedirect(url, status=303))
    deadline = edit_deadline(comment)
    context = {
        "story": story,
        "comment": comment,
        "body": body,
        "error": error,
        "nudge": nudge,
        "nudge_token": nudge.token if nudge else "",
        "nudge_highlighted": highlight_spans(body, nudge.spans) if nudge else "",
        "deadline": deadline,
        "can_edit": deadline is not None and deadline > timezone.now(),
        "max_length": settings.COMMENTS_MAX_LENGTH,
        "back_url": f"{story.get_absolute_url()}#comment-{comment.pk}",
    }
    response = render(request, "comments/edit.html", context, status=status)
    return http_cache.private_headers(response)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def comment_delete_page(request: HttpRequest, slug: str, comment_id: int) -> HttpResponse:
    """GET: "Delete this comment?" for the author. POST: delete it, then back to the thread."""
    story, viewer, comment, refused = _author_comment(request, slug, comment_id)
    if refused is not None:
        return refused
    status = 200
    error = ""
    if request.method == "POST":
        write_refused = _write_refused(request)
        if write_refused is not None:
            return write_refused
        try:
            comment = comment_author_delete(viewer=viewer, comment_id=comment.pk)
        except CommentRefused as refusal:
            error, status = refusal.message, 409
        else:
            messages.success(request, gettext("Your comment was deleted."))
            return http_cache.private_headers(
                HttpResponseRedirect(f"{story.get_absolute_url()}#comments", status=303)
            )
    context = {
        "story": story,
        "comment": comment,
        "error": error,
        "back_url": f"{story.get_absolute_url()}#comment-{comment.pk}",
    }
    response = render(request, "comments/delete.html", context, status=status)
    return http_cache.private_headers(response)


@csrf_exempt
@require_POST
def comment_respect(request: HttpRequest, slug: str, comment_id: int) -> HttpResponse:
    """Respect a comment (``on=1``) or undo it (``on=0``), as this browser.

    A plain form post (the script respects through the API) that redirects back to the comment.
    The browser gets a device cookie if it had none.
    """
    story = story_for_reader(slug=slug)
    if story is None:
        raise Http404("No such story")
    language_activate_for(request, story=story)
    refused = _write_refused(request)
    if refused is not None:
        return refused
    viewer = viewer_from_request(request)
    # A respect needs a browser we issued an id to (a new one counts against the connection's
    # allowance), so dropping the cookie does not buy another respect for free.
    new_device = None if viewer.device_id else device_issue(request)
    ip = client_ip(request)
    on = request.POST.get("on", "1") != "0"
    try:
        if not viewer.device_id and new_device is None and not viewer.verified_email:
            raise CommentRefused(DEVICE_ALLOWANCE_MESSAGE, code="rate_limited")
        result = comment_respect_toggle(
            viewer=replace(
                viewer, device_id=viewer.device_id or (new_device.id if new_device else "")
            ),
            comment_id=comment_id,
            on=on,
            network_hash=network_hash(ip),
            address_hash=ip_hash(ip),
        )
    except CommentRefused as refusal:
        status = 429 if refusal.code == "rate_limited" else 409
        response = render(
            request,
            "comments/respect_refused.html",
            {"story": story, "message": refusal.message},
            status=status,
        )
        return http_cache.private_headers(response)
    comment = Comment.objects.select_related("story", "root").get(pk=comment_id)
    messages.success(
        request,
        gettext("You respect this comment.")
        if result.respected
        else gettext("You no longer respect it."),
    )
    url = comment_thread_url(comment=comment, viewer_comment_ids=my_comment_ids(request))
    response = HttpResponseRedirect(url, status=303)
    if new_device is not None:
        device_cookie_set(response, new_device)
    own_parts_cookie_set(response)
    return http_cache.private_headers(response)


_AVATAR_KEY = re.compile(r"[0-9a-f]{32}")
AVATAR_SECONDS = 365 * 24 * 3600


@require_safe  # HEAD too, like any static file
def avatar(request: HttpRequest, key: str) -> HttpResponse:
    """A commenter's identicon, drawn from their avatar key (a keyed hash, not the address).

    The drawing depends on the key alone, so it never changes: cached for a year, immutable.
    """
    if not _AVATAR_KEY.fullmatch(key):
        raise Http404("No such avatar")
    response = HttpResponse(identicon_svg(key), content_type="image/svg+xml")
    response["Cache-Control"] = f"public, max-age={AVATAR_SECONDS}, immutable"
    return response
