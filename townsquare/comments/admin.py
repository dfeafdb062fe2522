from django.contrib import admin

from townsquare.comments.models import Comment, Commenter


@admin.register(Commenter)
class CommenterAdmin(admin.ModelAdmin):
    list_display = ["display_name", "email", "first_seen", "last_seen"]
    search_fields = ["display_name", "email"]
    readonly_fields = ["avatar_key", "first_seen", "last_seen"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["author_name", "story", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["body", "author_name", "commenter__email"]
    list_select_related = ["story", "commenter"]
    raw_id_fields = ["story", "commenter", "parent", "reply_to", "root"]
    readonly_fields = [
        "body_html",
        "created_at",
        "updated_at",
        "terms_version",
        "terms_accepted_at",
        "civility_scores",
        "civility_model",
        "markers",
    ]
