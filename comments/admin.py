"""Comments in the admin: a list with filters, status actions and body edits, all through the services.

Status is read-only on the change form: it moves only through the actions (approve, reject,
spam), which need the ``moderate_comment`` permission and call the same services as the API.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cms.admin_mixins import SingletonAdminMixin

from . import cleaning, services
from .models import BlockedSender, Comment, HeldReason, ModerationSettings


class HeldReasonInline(admin.TabularInline):
    model = HeldReason
    extra = 0
    can_delete = False
    fields = readonly_fields = ["code", "detail", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["body"]

    def clean_body(self):
        body = self.cleaned_data["body"]
        cleaning.sanitise_body(body)  # a ValidationError shows on the field; saving sanitises again
        return body


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    form = CommentForm
    list_display = ["__str__", "article", "author_name", "status", "short_body", "reasons", "submitted_at"]
    list_filter = ["status", "held_reasons__code", "submitted_at"]
    list_select_related = ["article"]
    search_fields = ["author_name", "author_email", "body_text"]
    date_hierarchy = "submitted_at"
    ordering = ["-submitted_at", "-id"]
    inlines = [HeldReasonInline]
    actions = ["approve", "reject", "mark_spam"]
    fieldsets = [
        (None, {"fields": ["article", "parent", "status", "body"]}),
        (_("Commenter"), {"fields": ["author_name", "author_email", "author_url", "ip_address", "user_agent"]}),
        (_("Record"), {"fields": ["submitted_at", "consent_at", "consent_version", "moderated_at", "moderated_by"]}),
    ]
    readonly_fields = [
        "article", "parent", "status", "author_name", "author_email", "author_url", "ip_address", "user_agent",
        "submitted_at", "consent_at", "consent_version", "moderated_at", "moderated_by",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("held_reasons")

    def has_add_permission(self, request):
        return False  # comments come from readers, with their consent

    def has_moderate_permission(self, request) -> bool:
        return request.user.has_perm("comments.moderate_comment")

    @admin.display(description=_("comment"))
    def short_body(self, obj: Comment) -> str:
        return Truncator(obj.body_text).chars(80)

    @admin.display(description=_("held for"))
    def reasons(self, obj: Comment) -> str:
        return ", ".join(reason.get_code_display() for reason in obj.held_reasons.all())

    def save_model(self, request, obj, form, change):
        if "body" in form.changed_data:
            services.comment_edit(comment=obj, body=form.cleaned_data["body"], by=request.user)

    def delete_model(self, request, obj):
        services.comments_delete(comments=[obj])

    def delete_queryset(self, request, queryset):
        services.comments_delete(comments=queryset)

    def _decide(self, request, queryset, service, done: str) -> None:
        changed = skipped = 0
        for comment in queryset:
            try:
                service(comment=comment, by=request.user)
                changed += 1
            except (services.StatusChanged, ValidationError):
                skipped += 1
        self.message_user(
            request,
            ngettext("%(count)d comment %(done)s.", "%(count)d comments %(done)s.", changed) % {"count": changed, "done": done},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(request, _("%(count)d changed meanwhile and were skipped.") % {"count": skipped}, messages.WARNING)

    @admin.action(description=_("Approve"), permissions=["moderate"])
    def approve(self, request, queryset):
        self._decide(request, queryset, services.comment_approve, _("approved"))

    @admin.action(description=_("Reject"), permissions=["moderate"])
    def reject(self, request, queryset):
        self._decide(request, queryset, services.comment_reject, _("rejected"))

    @admin.action(description=_("Mark as spam"), permissions=["moderate"])
    def mark_spam(self, request, queryset):
        self._decide(request, queryset, services.comment_mark_spam, _("marked as spam"))


@admin.register(ModerationSettings)
class ModerationSettingsAdmin(SingletonAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "max_links", "hold_first_time_commenters", "premoderate_all", "updated_at"]
    fields = ["max_links", "hold_first_time_commenters", "premoderate_all", "moderation_words", "disallowed_words"]


@admin.register(BlockedSender)
class BlockedSenderAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "action", "note", "created_at"]
    list_filter = ["kind", "action"]
    search_fields = ["value", "note"]
