"""What the moderation policy reads: its one settings row and the blocked senders."""

from __future__ import annotations

from django.contrib import admin

from cms.admin_mixins import SingletonAdminMixin

from ..models import BlockedSender, ModerationSettings


@admin.register(ModerationSettings)
class ModerationSettingsAdmin(SingletonAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "max_links", "hold_first_time_commenters", "premoderate_all", "updated_at"]
    fields = ["max_links", "hold_first_time_commenters", "premoderate_all", "moderation_words", "disallowed_words"]


@admin.register(BlockedSender)
class BlockedSenderAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "action", "note", "created_at"]
    list_filter = ["kind", "action"]
    search_fields = ["value", "note"]
