"""Admin for commenters and comments: read-only records, decisions through the services.

A change typed into a form here would skip everything the moderation services do: the audit
entry, the conditional update that stops two moderators deciding at once, resolving reports,
the author's e-mail, and (for the body) rendering the sanitised HTML. So every field is
read-only, nothing is added or deleted here, and decisions are admin actions that call the same
services as the moderators' queue. Approve and unfeature act at once; reject and remove first ask
for the reason, from the same list the queue offers, and feature for the reason readers are shown.
An edited comment lists its earlier texts (revisions) below it.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext, gettext_lazy, ngettext

from townsquare.comments.models import Comment, Commenter, CommentRevision
from townsquare.front.admin.moderation import ReadOnlyAdmin
from townsquare.moderation import services
from townsquare.moderation.permissions import comments_for_moderator
from townsquare.moderation.rules import BULK_LIMIT, RejectionReason
from townsquare.moderation.services import ModerationError


@admin.register(Commenter)
class CommenterAdmin(ReadOnlyAdmin):
    list_display = ["display_name", "email", "first_seen", "last_seen"]
    search_fields = ["display_name", "email"]
    fields = ["display_name", "email", "avatar_key", "first_seen", "last_seen"]


class DecisionReasonForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Reason"),
        choices=lambda: [(value, gettext(label)) for value, label in RejectionReason.choices],
    )


class FeatureReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why it is featured (readers see this)"),
        max_length=services.FEATURED_REASON_MAX,
        widget=forms.TextInput(attrs={"size": 80}),
    )


class RevisionInline(admin.TabularInline):
    """The earlier texts of an edited comment, newest first; read-only."""

    model = CommentRevision
    extra = 0
    can_delete = False
    fields = ["written_at", "created_at", "status", "body", "civility_max"]
    readonly_fields = fields
    verbose_name = gettext_lazy("earlier text")
    verbose_name_plural = gettext_lazy("earlier texts (the author edited the comment)")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["author_name", "story", "status", "featured", "created_at"]
    list_filter = ["status", "featured"]
    search_fields = ["body", "author_name", "commenter__email"]
    list_select_related = ["story", "commenter"]
    fields = [
        "story",
        "commenter",
        "author_name",
        "author_url",
        "status",
        "featured",
        "featured_reason",
        "respect_count",
        "edited_at",
        "rejection_reason",
        "moderated_at",
        "parent",
        "reply_to",
        "root",
        "depth",
        "body",
        "body_html",
        "created_at",
        "updated_at",
        "terms_version",
        "terms_accepted_at",
        "civility_scores",
        "civility_model",
        "civility_max",
        "markers",
        "ip_hash",
        "raw_ip",
        "device_id",
    ]
    actions = ["approve", "reject", "remove", "feature", "unfeature"]
    inlines = [RevisionInline]

    def _comments(self, request: HttpRequest, queryset: QuerySet[Comment]) -> list[Comment]:
        ids = list(queryset.values_list("pk", flat=True)[: BULK_LIMIT + 1])
        if len(ids) > BULK_LIMIT:
            raise ModerationError(
                ngettext(
                    "Select at most %(limit)d comment at a time.",
                    "Select at most %(limit)d comments at a time.",
                    BULK_LIMIT,
                )
                % {"limit": BULK_LIMIT}
            )
        return comments_for_moderator(request.user, ids)

    def _report(self, request: HttpRequest, *, done, changed: int, total: int) -> None:
        """``done`` says what was done to a number of comments (``lambda n: ngettext(…)``)."""
        unchanged = total - changed
        message = done(changed) % {"count": changed}
        if unchanged:
            message += " " + ngettext(
                "%(count)d left as it was: that decision does not apply to their status, or "
                "another moderator got there first.",
                "%(count)d left as they were: that decision does not apply to their status, or "
                "another moderator got there first.",
                unchanged,
            ) % {"count": unchanged}
        self.message_user(request, message, messages.SUCCESS if changed else messages.WARNING)

    def _decide(self, request, queryset, *, decide, done, **arguments) -> None:
        try:
            comments = self._comments(request, queryset)
        except ModerationError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        changed = sum(
            decide(comment=comment, actor=request.user, **arguments) for comment in comments
        )
        self._report(request, done=done, changed=changed, total=len(comments))

    def _decide_with_reason(
        self,
        request,
        queryset,
        *,
        decide,
        done,
        title: str,
        form_class=DecisionReasonForm,
        intro: str = "",
    ):
        """Ask for the reason on an intermediate page, then decide each selected comment."""
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._decide(
                request, queryset, decide=decide, done=done, reason=form.cleaned_data["reason"]
            )
            return None
        try:
            comments = self._comments(request, queryset)
        except ModerationError as error:
            self.message_user(request, error.message, messages.ERROR)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "opts": self.model._meta,
            "form": form,
            "comments": comments,
            "action": request.POST.get("action", ""),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/comment_decision_reason.html", context)

    @admin.action(
        description=gettext_lazy("Approve the selected comments"), permissions=["moderate"]
    )
    def approve(self, request, queryset) -> None:
        self._decide(
            request,
            queryset,
            decide=services.comment_approve,
            done=lambda n: ngettext(
                "Approved %(count)d comment.", "Approved %(count)d comments.", n
            ),
        )

    @admin.action(
        description=gettext_lazy("Reject the selected held comments…"), permissions=["moderate"]
    )
    def reject(self, request, queryset):
        return self._decide_with_reason(
            request,
            queryset,
            decide=services.comment_reject,
            done=lambda n: ngettext(
                "Rejected %(count)d comment.", "Rejected %(count)d comments.", n
            ),
            title=gettext("Reject held comments"),
        )

    @admin.action(
        description=gettext_lazy("Remove the selected published comments…"),
        permissions=["moderate"],
    )
    def remove(self, request, queryset):
        return self._decide_with_reason(
            request,
            queryset,
            decide=services.comment_remove,
            done=lambda n: ngettext("Removed %(count)d comment.", "Removed %(count)d comments.", n),
            title=gettext("Remove published comments"),
        )

    @admin.action(
        description=gettext_lazy("Feature the selected comments…"), permissions=["moderate"]
    )
    def feature(self, request, queryset):
        return self._decide_with_reason(
            request,
            queryset,
            decide=services.comment_feature,
            done=lambda n: ngettext(
                "Featured %(count)d comment.", "Featured %(count)d comments.", n
            ),
            title=gettext("Feature comments"),
            form_class=FeatureReasonForm,
            intro=gettext(
                "Featured comments are shown first, above the thread, with this reason. Only "
                "published comments can be featured."
            ),
        )

    @admin.action(
        description=gettext_lazy("Stop featuring the selected comments"), permissions=["moderate"]
    )
    def unfeature(self, request, queryset) -> None:
        self._decide(
            request,
            queryset,
            decide=services.comment_unfeature,
            done=lambda n: ngettext(
                "Unfeatured %(count)d comment.", "Unfeatured %(count)d comments.", n
            ),
        )
