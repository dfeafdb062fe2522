"""Admin for moderation records.

Decisions on comments and commenters are made through the services, so that each one is audited,
e-mailed and remembered against IPs and devices: in the queue (/moderate/), or by the admin
actions that call the same services. The admin therefore shows audit entries, reports, nudges and
sanctions read-only (nobody, superusers included, adds, edits or deletes them here); lifting
sanctions is an admin action. Administrators edit word rules and the policy here.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy, ngettext

from townsquare.moderation.models import (
    AuditEntry,
    ModerationPolicy,
    NudgeEvent,
    Report,
    Sanction,
    SanctionMark,
    WordRule,
)
from townsquare.moderation.permissions import is_moderator
from townsquare.moderation.services import sanction_lift

LIST_TEXT_CHARS = 80


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shows rows; never adds, edits or deletes them (the services do, through admin actions)."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_moderate_permission(self, request) -> bool:
        """Who may run the decision actions: the same rule as the moderators' queue."""
        return is_moderator(request.user)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    # Six columns, the long texts cut short (each entry's page has them whole): with eight, a
    # long headline or reason pushed the last columns out of a 1,400-pixel window.
    list_display = ["created_at", "action", "by", "about", "status_change", "short_reason"]
    list_filter = ["actor_kind", "action"]
    search_fields = ["reason", "commenter__display_name", "commenter__email", "actor__username"]
    list_select_related = ["actor"]
    date_hierarchy = "created_at"

    @admin.display(description=gettext_lazy("By"), ordering="actor_kind")
    def by(self, entry: AuditEntry) -> str:
        kind = entry.actor_kind_label
        name = entry.actor.get_username() if entry.actor else entry.subject.get("actor_username")
        return f"{kind} {name}" if name else kind

    @admin.display(description=gettext_lazy("About"))
    def about(self, entry: AuditEntry) -> str:
        return Truncator(entry.about).chars(LIST_TEXT_CHARS)

    @admin.display(description=gettext_lazy("Status"))
    def status_change(self, entry: AuditEntry) -> str:
        if entry.status_before and entry.status_after:
            return f"{entry.status_before_label} → {entry.status_after_label}"
        return entry.status_after_label or entry.status_before_label

    @admin.display(description=gettext_lazy("Reason"))
    def short_reason(self, entry: AuditEntry) -> str:
        return Truncator(entry.reason).chars(LIST_TEXT_CHARS)


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "reason", "comment_id", "short_details", "resolved_at"]
    list_filter = ["reason", ("resolved_at", admin.EmptyFieldListFilter)]
    search_fields = ["details"]

    @admin.display(description=gettext_lazy("Details"))
    def short_details(self, report: Report) -> str:
        return report.details[:80]


class SanctionMarkInline(admin.TabularInline):
    model = SanctionMark
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "value"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Sanction)
class SanctionAdmin(ReadOnlyAdmin):
    list_display = [
        "commenter",
        "kind",
        "reason",
        "created_by",
        "created_at",
        "ends_at",
        "lifted_at",
        "acknowledged_at",
    ]
    list_filter = ["kind", ("lifted_at", admin.EmptyFieldListFilter)]
    search_fields = ["commenter__display_name", "commenter__email", "reason"]
    list_select_related = ["commenter", "created_by"]
    inlines = [SanctionMarkInline]
    actions = ["lift_selected"]

    @admin.action(description=gettext_lazy("Lift the selected sanctions"), permissions=["moderate"])
    def lift_selected(self, request, queryset) -> None:
        lifted = sum(
            sanction_lift(sanction=sanction, actor=request.user, reason="Lifted in the admin")
            for sanction in queryset.select_related("commenter")
        )
        message = ngettext("Lifted %(count)d sanction.", "Lifted %(count)d sanctions.", lifted)
        self.message_user(request, message % {"count": lifted}, messages.SUCCESS)


@admin.register(WordRule)
class WordRuleAdmin(admin.ModelAdmin):
    list_display = ["phrase", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["phrase"]


@admin.register(ModerationPolicy)
class ModerationPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "nudge_threshold",
        "hold_threshold",
        "reject_threshold",
        "premoderate_all",
        "notify_rejections",
        "updated_at",
    ]

    def has_add_permission(self, request) -> bool:
        # One row, created from the settings the first time it is needed.
        return not ModerationPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(NudgeEvent)
class NudgeEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "story", "outcome", "resolved_at"]
    list_filter = ["outcome"]
    list_select_related = ["story"]
    date_hierarchy = "created_at"
