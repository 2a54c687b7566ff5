from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from cms.admin_mixins import BodyCheckedForm, DirectionalInputsMixin, NormalizedSearchMixin
from cms.content_version import content_changed

from . import preview, services
from .models import Article, ArticleAuthor, Author, Category, RelatedLink, Tag


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    extra = 0
    autocomplete_fields = ["author"]
    fields = ["author", "position"]
    verbose_name = _("author")
    verbose_name_plural = _("byline (in order)")


class RelatedLinkFormSet(BaseInlineFormSet):
    """Refuses a link to the article itself on the form (the database would refuse it with a 500)."""

    def clean(self):
        super().clean()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            target = data.get("to_article")
            if not data.get("DELETE") and target is not None and self.instance.pk and target.pk == self.instance.pk:
                form.add_error("to_article", _("An article cannot be related to itself."))


class RelatedLinkInline(admin.TabularInline):
    model = RelatedLink
    formset = RelatedLinkFormSet
    fk_name = "from_article"
    extra = 0
    autocomplete_fields = ["to_article"]
    fields = ["to_article", "position"]
    verbose_name_plural = _("you may also like (in order)")


class ArticleAdminForm(BodyCheckedForm):
    body_check = staticmethod(services.article_sanitize)


@admin.register(Article)
class ArticleAdmin(DirectionalInputsMixin, NormalizedSearchMixin, TranslationAdmin):
    form = ArticleAdminForm
    list_display = ["title", "status", "published_at", "primary_category", "byline"]
    list_filter = ["status", "primary_category", "categories", "authors", "published_at"]
    list_select_related = ["primary_category"]
    search_fields = ["slug"]
    normalized_search_fields = ("search_text_ar", "search_text_en")
    prepopulated_fields = {"slug": ("title_ar",)}
    autocomplete_fields = ["primary_category", "categories", "tags"]
    date_hierarchy = "published_at"
    inlines = [ArticleAuthorInline, RelatedLinkInline]
    actions = ["publish_now", "unpublish", "archive"]
    readonly_fields = ["updated_at", "preview_link"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "source_line", "excerpt", "body"]}),
        (_("Publishing"), {"fields": ["status", "published_at", "updated_at", "preview_link", "comments_enabled", "comments_premoderated"]}),
        (_("Classification"), {"fields": ["primary_category", "categories", "tags"]}),
        (_("Featured image"), {"fields": ["image", "image_alt", "image_caption", "image_credit"]}),
        (_("Search engines"), {"fields": ["meta_description", "canonical_url"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authors")

    @admin.display(description=_("preview"))
    def preview_link(self, obj: Article) -> str:
        """A signed, expiring link to the article as readers would get it, drafts included."""
        if obj is None or obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a> · <a href="{}" target="_blank" rel="noopener">{}</a>',
            preview.preview_url(obj),
            _("Open the preview (the link expires)"),
            preview.preview_path(obj),
            _("as JSON"),
        )

    @admin.display(description=_("authors"))
    def byline(self, obj: Article) -> str:
        return "، ".join(author.name for author in obj.authors.all())

    def save_model(self, request, obj, form, change):
        services.article_save(article=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        content_changed()

    def delete_model(self, request, obj):
        services.article_delete(article=obj)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            services.article_delete(article=article)

    def _report(self, request, count: int, done: str) -> None:
        self.message_user(
            request,
            ngettext("%(count)d article %(done)s.", "%(count)d articles %(done)s.", count) % {"count": count, "done": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Publish now"), permissions=["change"])
    def publish_now(self, request, queryset):
        self._report(request, services.articles_publish(queryset), _("published"))

    @admin.action(description=_("Unpublish (back to draft)"), permissions=["change"])
    def unpublish(self, request, queryset):
        self._report(request, services.articles_unpublish(queryset), _("unpublished"))

    @admin.action(description=_("Archive"), permissions=["change"])
    def archive(self, request, queryset):
        self._report(request, services.articles_archive(queryset), _("archived"))


class TaxonomyAdmin(DirectionalInputsMixin, TranslationAdmin):
    def save_model(self, request, obj, form, change):
        try:
            services.taxonomy_save(obj=obj)
        except ValidationError as exc:  # the form already validated; a race is the only way here
            self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            raise

    def delete_model(self, request, obj):
        services.taxonomy_delete(obj=obj)


@admin.register(Category)
class CategoryAdmin(TaxonomyAdmin):
    list_display = ["name", "slug", "parent", "position"]
    list_filter = ["parent"]
    list_select_related = ["parent"]
    search_fields = ["name_ar", "name_en", "slug"]
    prepopulated_fields = {"slug": ("name_ar",)}
    autocomplete_fields = ["parent"]


@admin.register(Tag)
class TagAdmin(TaxonomyAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name_ar", "name_en", "slug"]
    prepopulated_fields = {"slug": ("name_ar",)}


@admin.register(Author)
class AuthorAdmin(TaxonomyAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["user"]
