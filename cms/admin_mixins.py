"""Admin helpers shared by the apps: direction of translated inputs, normalised search."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from .arabic import normalize

RTL_LANGS = {"ar"}


class DirectionalInputsMixin:
    """Arabic inputs right-to-left, English inputs left-to-right, whatever language the admin shows."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and hasattr(formfield.widget, "attrs"):
            suffix = db_field.name.rsplit("_", 1)[-1]
            if suffix in {"ar", "en"}:
                formfield.widget.attrs["dir"] = "rtl" if suffix in RTL_LANGS else "ltr"
                formfield.widget.attrs["lang"] = suffix
        return formfield


class NormalizedSearchMixin:
    """Search stored normalised text, so a term typed without hamza or diacritics still matches.

    ``normalized_search_fields`` name text fields that hold ``cms.arabic.normalize``d text.
    """

    normalized_search_fields: tuple[str, ...] = ()

    def get_search_results(self, request, queryset, search_term):
        # ``queryset`` arrives with the changelist's filters applied; the normalised matches are
        # taken from it too, so a search never brings back rows the filters excluded.
        filtered = queryset
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = normalize(search_term or "")
        if term and self.normalized_search_fields:
            from django.db.models import Q

            q = Q()
            for word in term.split():
                word_q = Q()
                for field in self.normalized_search_fields:
                    word_q |= Q(**{f"{field}__contains": word})
                q &= word_q
            queryset = queryset | filtered.filter(q)
        return queryset, may_have_duplicates


class BodyCheckedForm(forms.ModelForm):
    """Runs the service's body check (``body_check``) while the form can still show its errors.

    ``save_model`` calls the service only after the form is valid, where its ValidationError
    (a body over the length or structure limits) would be a server error instead of a message.
    """

    body_fields = ("body_ar", "body_en")

    @staticmethod
    def body_check(instance) -> None:
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        probe = self._meta.model(**{name: cleaned.get(name) or "" for name in self.body_fields if name in cleaned})
        try:
            self.body_check(probe)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return cleaned


class SingletonAdminMixin:
    """One row only: no add once it exists, never delete."""

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not self.model.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


__all__ = ["BodyCheckedForm", "DirectionalInputsMixin", "NormalizedSearchMixin", "SingletonAdminMixin", "admin"]
