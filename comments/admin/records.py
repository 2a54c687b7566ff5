"""Records in the admin, read-only: the moderation log and readers' reports (never the reporters)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import CommentReport, ModerationEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def comment_link(comment_id: int | None, label) -> str:
    if comment_id is None:
        return format_html("{} {}", label, _("(deleted)"))
    return format_html('<a href="{}">{}</a>', reverse("admin:comments_comment_change", args=[comment_id]), label)


@admin.register(ModerationEvent)
class ModerationEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "comment_column", "action", "from_status", "to_status", "actor", "actor_rule", "note"]
    list_filter = ["action", "actor_rule", "to_status", "created_at"]
    list_select_related = ["actor"]
    search_fields = ["=comment_ref", "note"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]

    @admin.display(description=_("comment"), ordering="comment_ref")
    def comment_column(self, obj: ModerationEvent) -> str:
        return comment_link(obj.comment_id, f"#{obj.comment_ref}")


@admin.register(CommentReport)
class CommentReportAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "comment_column", "reason"]
    list_filter = ["reason", "created_at"]
    fields = ["comment", "reason", "created_at"]  # the reporter's keyed hash is never shown
    ordering = ["-created_at", "-id"]

    @admin.display(description=_("comment"), ordering="comment")
    def comment_column(self, obj: CommentReport) -> str:
        return comment_link(obj.comment_id, f"#{obj.comment_id}")
