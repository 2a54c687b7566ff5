"""The moderation queue and the comment change page, all writes through ``comments.services``.

The list opens on pending comments, oldest first. Status moves only through decisions (row
buttons, bulk actions, change-page buttons), which need ``comments.moderate_comment`` and carry
an optional note into the moderation log; a decision expects the status the moderator saw, so
two moderators cannot overwrite each other.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext

from .. import services
from ..models import Comment, HeldReason
from ..permissions import can_moderate
from .forms import CommentActionForm, CommentForm
from .privacy import PrivacyActionsMixin

Status = Comment.Status
DECISIONS = [("approve", Status.APPROVED, gettext_lazy("Approve")), ("reject", Status.REJECTED, gettext_lazy("Reject")),
             ("spam", Status.SPAM, gettext_lazy("Spam"))]
SERVICES = {"approve": services.comment_approve, "reject": services.comment_reject, "spam": services.comment_mark_spam}


class StatusFilter(admin.SimpleListFilter):
    """Pending unless another status (or "all") is chosen: the list opens on the queue."""

    title = gettext_lazy("status")
    parameter_name = "status__exact"  # the name Django's own filter used, so older links keep working
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*Status.choices, (self.ALL, _("All"))]

    def value(self):
        return super().value() or Status.PENDING

    def queryset(self, request, queryset):
        return queryset if self.value() == self.ALL else queryset.filter(status=self.value())

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class HeldReasonInline(admin.TabularInline):
    model = HeldReason
    extra = 0
    can_delete = False
    fields = readonly_fields = ["code", "detail", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(PrivacyActionsMixin, admin.ModelAdmin):
    form = CommentForm
    action_form = CommentActionForm
    list_display = ["id", "article", "author_name", "short_body", "reasons", "age", "approved_by_email", "status"]
    list_filter = [StatusFilter, "held_reasons__code", ("article", admin.RelatedOnlyFieldListFilter), "submitted_at", "legal_hold"]
    search_fields = ["author_name", "author_email", "body_text"]
    date_hierarchy = "submitted_at"
    ordering = ["submitted_at", "id"]  # oldest first: the queue is worked from its end
    show_facets = admin.ShowFacets.NEVER
    inlines = [HeldReasonInline]
    actions = ["approve", "reject", "mark_spam", "export_personal_data", "erase_personal_data"]
    readonly_fields = [
        "article", "parent", "status", "author_name", "author_email", "author_url", "ip_address", "user_agent",
        "submitted_at", "consent_at", "consent_version", "moderated_at", "moderated_by", "erasure", "erased_at",
        "legal_hold_display", "moderation_log", "report_list",
    ]
    change_form_template = "admin/comments/comment/change_form.html"

    # --- permissions and querysets ---

    def get_queryset(self, request):
        return super().get_queryset(request).for_moderation()

    def has_add_permission(self, request):
        return False  # comments come from readers, with their consent

    def has_moderate_permission(self, request) -> bool:
        return can_moderate(request.user)

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        return columns + ["decide"] if self.has_moderate_permission(request) else columns

    def get_fieldsets(self, request, obj=None):
        moderate = self.has_moderate_permission(request) and self.has_change_permission(request, obj)
        hold = ["legal_hold", "decision_note", "expected_status", "block_kind", "block_action"] if moderate else ["legal_hold_display"]
        return [
            (None, {"fields": ["article", "parent", "status", "body"]}),
            (_("Moderation"), {"fields": hold}),
            (_("Log and reports"), {"fields": ["moderation_log", "report_list"]}),
            (_("Commenter"), {"fields": ["author_name", "author_email", "author_url", "ip_address", "user_agent"]}),
            (_("Record"), {"fields": ["submitted_at", "consent_at", "consent_version", "moderated_at", "moderated_by", "erasure", "erased_at"]}),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "expected_status" in form.base_fields:
            form.base_fields["expected_status"].initial = obj.status
        return form

    # --- columns ---

    @admin.display(description=gettext_lazy("comment"))
    def short_body(self, obj: Comment) -> str:
        return Truncator(obj.body_text).chars(80)

    @admin.display(description=gettext_lazy("held for"))
    def reasons(self, obj: Comment) -> str:
        return ", ".join(reason.get_code_display() for reason in obj.held_reasons.all())

    @admin.display(description=gettext_lazy("age"), ordering="-submitted_at")
    def age(self, obj: Comment) -> str:
        return timesince(obj.submitted_at, timezone.now())

    @admin.display(description=gettext_lazy("approved by this e-mail"), ordering="approved_by_email")
    def approved_by_email(self, obj: Comment) -> int:
        return obj.approved_by_email

    @admin.display(description=gettext_lazy("decide"))
    def decide(self, obj: Comment) -> str:
        # Buttons of the changelist's own form (CSRF token, the action bar's note), posted to decide_view.
        return format_html_join(
            " ",
            '<button type="submit" class="button" formaction="{}" name="expected_status" value="{}">{}</button>',
            (
                (reverse("admin:comments_comment_decide", args=[obj.pk, decision]), obj.status, label)
                for decision, status, label in DECISIONS
                if status != obj.status
            ),
        )

    @admin.display(description=gettext_lazy("legal hold"))
    def legal_hold_display(self, obj: Comment) -> bool:
        return obj.legal_hold

    @admin.display(description=gettext_lazy("moderation log"))
    def moderation_log(self, obj: Comment) -> str:
        events = obj.events.select_related("actor") if obj.pk else []
        rows = format_html_join(
            "", "<tr><td>{}</td><td>{}</td><td>{} → {}</td><td>{}</td><td>{}</td></tr>",
            (
                (timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M"), e.get_action_display(), e.from_status or "–",
                 e.to_status or "–", e.actor_label, e.note)
                for e in events
            ),
        )
        return format_html("<table>{}</table>", rows) if rows else "–"

    @admin.display(description=gettext_lazy("readers' reports"))
    def report_list(self, obj: Comment) -> str:
        reports = obj.reports.all() if obj.pk else []
        return ", ".join(f"{report.get_reason_display()} ({timezone.localtime(report.created_at):%Y-%m-%d})" for report in reports) or "–"

    # --- the change page ---

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_moderate_permission(request) and self.has_change_permission(request, obj):
            extra_context["decisions"] = [(decision, label) for decision, status, label in DECISIONS if status != obj.status]
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        """Edits, legal hold, a decision and a block, each through its service, with the page's note."""
        data = form.cleaned_data
        note = data.get("decision_note", "")
        if "body" in form.changed_data:
            services.comment_edit(comment=obj, body=data["body"], by=request.user, note=note)
        if "legal_hold" in form.changed_data:
            services.comment_set_legal_hold(comment=obj, legal_hold=data["legal_hold"], by=request.user, note=note)
        decision = request.POST.get("_decide")
        if decision in SERVICES and self.has_moderate_permission(request):
            self._decide_one(request, obj, decision, expected=data.get("expected_status") or obj.status, note=note)
        if data.get("block_kind") and self.has_moderate_permission(request):
            try:
                block = services.blocked_sender_add(comment=obj, kind=data["block_kind"], action=data.get("block_action") or "hold", by=request.user)
                self.message_user(request, _("Blocked: %(block)s.") % {"block": block.get_kind_display()}, messages.SUCCESS)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)

    def _decide_one(self, request, comment: Comment, decision: str, *, expected: str, note: str) -> None:
        try:
            SERVICES[decision](comment=comment, by=request.user, expected_status=expected, note=note)
            self.message_user(request, _("Comment #%(id)s: %(status)s.") % {"id": comment.pk, "status": comment.get_status_display()},
                              messages.SUCCESS)
        except services.StatusChanged as exc:
            self.message_user(request, _("Comment #%(id)s was changed meanwhile (now %(status)s): nothing done.")
                              % {"id": comment.pk, "status": exc.current or _("deleted")}, messages.WARNING)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)

    def delete_model(self, request, obj):
        services.comments_delete(comments=[obj], by=request.user)

    def delete_queryset(self, request, queryset):
        services.comments_delete(comments=queryset, by=request.user)

    # --- one decision from a row button ---

    def get_urls(self):
        decide = path("<path:object_id>/decide/<str:decision>/", self.admin_site.admin_view(self.decide_view),
                      name="comments_comment_decide")
        return [decide, *super().get_urls()]

    def decide_view(self, request, object_id, decision):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if decision not in SERVICES or not self.has_moderate_permission(request):
            raise PermissionDenied
        comment = self.get_object(request, unquote(object_id))
        if comment is None:
            self.message_user(request, _("That comment no longer exists."), messages.WARNING)
        else:
            self._decide_one(request, comment, decision, expected=request.POST.get("expected_status") or comment.status,
                             note=request.POST.get("note", "")[:500])
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            back = reverse("admin:comments_comment_changelist")
        return HttpResponseRedirect(back)

    # --- bulk actions ---

    def _expected_status(self, request) -> str | None:
        """The status the list showed (its filter; pending by default): a bulk decision expects it."""
        shown = request.GET.get(StatusFilter.parameter_name) or Status.PENDING
        return None if shown not in Status.values else shown

    def _decide_many(self, request, queryset, decision: str) -> None:
        status = services.DECISIONS[decision]
        outcomes = services.comments_decide(
            ids=list(queryset.values_list("pk", flat=True)), status=status, by=request.user,
            expected_status=self._expected_status(request), note=request.POST.get("note", ""),
        )
        done = sum(1 for outcome in outcomes if outcome.error is None)
        self.message_user(request, ngettext("%(count)d comment: %(status)s.", "%(count)d comments: %(status)s.", done)
                          % {"count": done, "status": Status(status).label}, messages.SUCCESS)
        if skipped := len(outcomes) - done:
            self.message_user(request, _("%(count)d changed meanwhile and were skipped.") % {"count": skipped}, messages.WARNING)

    @admin.action(description=gettext_lazy("Approve"), permissions=["moderate"])
    def approve(self, request, queryset):
        self._decide_many(request, queryset, "approve")

    @admin.action(description=gettext_lazy("Reject"), permissions=["moderate"])
    def reject(self, request, queryset):
        self._decide_many(request, queryset, "reject")

    @admin.action(description=gettext_lazy("Mark as spam"), permissions=["moderate"])
    def mark_spam(self, request, queryset):
        self._decide_many(request, queryset, "spam")
