"""Shapes of the articles API. Read shapes are schema-only (lean dicts are built in selectors);
the write serializer validates editors' input for ``articles/services.py``."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cms.api.serializers import ErrorSerializer, StrictSerializer  # noqa: F401 (re-exported for views)

from .models import Article, Author, Category, Tag

LANGUAGE_CHOICES = ["ar", "en"]


class NamedSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()


class ImageSerializer(serializers.Serializer):
    url = serializers.URLField()
    alt = serializers.CharField(allow_blank=True)
    caption = serializers.CharField(allow_blank=True)
    credit = serializers.CharField(allow_blank=True)
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)


class ArticleListItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    excerpt = serializers.CharField(allow_blank=True)
    published_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    authors = NamedSerializer(many=True)
    primary_category = NamedSerializer(allow_null=True)
    categories = NamedSerializer(many=True)
    tags = NamedSerializer(many=True)
    image = ImageSerializer(allow_null=True)
    url = serializers.URLField()
    comment_count = serializers.IntegerField()
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES)
    dir = serializers.ChoiceField(choices=["rtl", "ltr"])


class RelatedItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    url = serializers.URLField()
    image = ImageSerializer(allow_null=True)
    published_at = serializers.DateTimeField()
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES)


class ArticleDetailSerializer(ArticleListItemSerializer):
    body = serializers.CharField(allow_blank=True, help_text="Sanitised HTML.")
    source_line = serializers.CharField(allow_blank=True)
    meta_description = serializers.CharField(allow_blank=True)
    comments_open = serializers.BooleanField()
    # Plain strings: a second enum of the same codes would be a second, differently named schema.
    available_languages = serializers.ListField(child=serializers.CharField(), help_text="Language codes (ar, en) it can be read in.")
    related = RelatedItemSerializer(many=True)


class ArticleEditorSerializer(ArticleDetailSerializer):
    status = serializers.ChoiceField(choices=Article.Status.choices)
    published_at = serializers.DateTimeField(allow_null=True)


class ArticlePageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ArticleListItemSerializer(many=True)


class FeedPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ArticleListItemSerializer(many=True)


@extend_schema_field({"type": "array", "items": {"$ref": "#/components/schemas/CategoryNode"}})
class CategoryChildrenField(serializers.ListField):
    """The tree recursion, described to OpenAPI as a list of CategoryNode."""


class CategoryNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    parent = serializers.CharField(allow_null=True, help_text="Slug of the parent category.")
    position = serializers.IntegerField()
    article_count = serializers.IntegerField(help_text="Published articles, descendants included.")
    url = serializers.URLField()
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES)
    dir = serializers.ChoiceField(choices=["rtl", "ltr"])
    children = CategoryChildrenField(help_text="Child categories, nodes of this same shape.")


class TagSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    url = serializers.URLField()
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES)
    dir = serializers.ChoiceField(choices=["rtl", "ltr"])


class TagPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = TagSerializer(many=True)


class AuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    bio = serializers.CharField(allow_blank=True)
    article_count = serializers.IntegerField()
    url = serializers.URLField()
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES)
    dir = serializers.ChoiceField(choices=["rtl", "ltr"])


class AuthorPageSerializer(TagPageSerializer):
    results = AuthorSerializer(many=True)


class SlugListField(serializers.ListField):
    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(child=serializers.CharField(max_length=200), max_length=50, **kwargs)

    def to_internal_value(self, data):
        slugs = super().to_internal_value(data)
        found = {obj.slug: obj for obj in self.model.objects.filter(slug__in=slugs)}
        missing = [s for s in slugs if s not in found]
        if missing:
            raise serializers.ValidationError(_("Unknown slug(s): %(slugs)s") % {"slugs": ", ".join(missing)})
        return [found[s] for s in slugs]


def _text(max_length: int, **kwargs):
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True, trim_whitespace=False, **kwargs)


class ArticleWriteSerializer(StrictSerializer):
    """Editors' input; every field optional on update, ``title`` required on create."""

    title = serializers.CharField(max_length=300, required=False)
    title_en = _text(300)
    slug = serializers.SlugField(max_length=200, allow_unicode=True, required=False)
    excerpt = _text(1000)
    excerpt_en = _text(1000)
    body = _text(200_000)
    body_en = _text(200_000)
    source_line = _text(200)
    source_line_en = _text(200)
    meta_description = _text(320)
    meta_description_en = _text(320)
    image_alt = _text(300)
    image_alt_en = _text(300)
    image_caption = _text(500)
    image_caption_en = _text(500)
    image_credit = _text(200)
    comments_enabled = serializers.BooleanField(required=False)
    canonical_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    primary_category = serializers.SlugRelatedField(slug_field="slug", queryset=Category.objects.all(), required=False, allow_null=True)
    categories = SlugListField(Category, required=False)
    tags = SlugListField(Tag, required=False)
    authors = SlugListField(Author, required=False)
    related = SlugListField(Article, required=False)


class ScheduleSerializer(StrictSerializer):
    published_at = serializers.DateTimeField()

