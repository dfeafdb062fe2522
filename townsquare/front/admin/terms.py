from django.contrib import admin

from townsquare.terms.models import TermsVersion
from townsquare.terms.services import terms_publish


@admin.register(TermsVersion)
class TermsVersionAdmin(admin.ModelAdmin):
    """Editors publish new versions; a published version is never edited in place."""

    list_display = ["kind", "version", "title", "published_at"]
    list_filter = ["kind"]
    fields = ["kind", "title", "body"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # A published version is part of the record: comments cite the version they accepted.
        return False

    def get_readonly_fields(self, request, obj=None):
        return ["kind", "title", "body"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            return
        published = terms_publish(kind=obj.kind, title=obj.title, body=obj.body)
        obj.pk, obj.version, obj.published_at = (
            published.pk,
            published.version,
            published.published_at,
        )
