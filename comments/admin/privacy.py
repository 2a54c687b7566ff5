"""The comments admin's privacy actions: export and erasure of the selected comments' commenters (all their comments)."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import admin, messages
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import services
from ..export import personal_data_export
from ..services.privacy import MODES


class PrivacyActionsMixin:
    """For a ModelAdmin of comments with a ``has_moderate_permission``; both actions are moderators' only."""

    @staticmethod
    def _emails(queryset) -> list[str]:
        return sorted(set(queryset.exclude(author_email="").values_list("author_email", flat=True)))

    @admin.action(description=gettext_lazy("Export the personal data of these commenters (JSON)"), permissions=["moderate"])
    def export_personal_data(self, request, queryset):
        data = {"exports": [personal_data_export(email=email) for email in self._emails(queryset)]}
        response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
        response["Cache-Control"] = "private, no-store"
        return response

    @admin.action(description=gettext_lazy("Erase the personal data of these commenters…"), permissions=["moderate"])
    def erase_personal_data(self, request, queryset):
        emails = self._emails(queryset)
        if request.POST.get("post") == "yes":
            mode = request.POST.get("mode") if request.POST.get("mode") in MODES else settings.CMS["ERASURE_MODE"]
            language = request.POST.get("language") if request.POST.get("language") in dict(settings.LANGUAGES) else None
            results = [services.personal_data_erase(email=email, mode=mode, language=language, by=request.user) for email in emails]
            erased = sum(r.anonymised + r.deleted + r.tombstoned for r in results)
            held = sum(r.on_legal_hold for r in results)
            self.message_user(request, _("Erased (%(mode)s): %(count)d comments; %(held)d on legal hold kept.")
                              % {"mode": mode, "count": erased, "held": held}, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Erase personal data"),
            "opts": self.model._meta,
            "emails": emails,
            "queryset": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "modes": MODES,
            "mode": settings.CMS["ERASURE_MODE"],
            "languages": settings.LANGUAGES,
            "language": settings.LANGUAGE_CODE,
        }
        return TemplateResponse(request, "admin/comments/comment/erase_confirmation.html", context)
