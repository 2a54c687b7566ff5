from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .admin_mixins import BodyCheckedForm, DirectionalInputsMixin, SingletonAdminMixin
from .models import Page, SiteSettings
from .services import page_sanitize, page_save, site_settings_save


class PageAdminForm(BodyCheckedForm):
    body_check = staticmethod(page_sanitize)


@admin.register(Page)
class PageAdmin(DirectionalInputsMixin, TranslationAdmin):
    form = PageAdminForm
    list_display = ["title", "slug", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title_ar", "title_en", "slug"]
    prepopulated_fields = {"slug": ("title_ar",)}

    def save_model(self, request, obj, form, change):
        page_save(page=obj)


@admin.register(SiteSettings)
class SiteSettingsAdmin(SingletonAdminMixin, DirectionalInputsMixin, TranslationAdmin):
    list_display = ["__str__", "name", "comment_consent_version", "updated_at"]
    readonly_fields = ["comment_consent_version"]
    autocomplete_fields = ["cookie_policy_page"]

    def save_model(self, request, obj, form, change):
        site_settings_save(site_settings=obj)
