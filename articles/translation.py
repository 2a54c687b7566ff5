from modeltranslation.translator import TranslationOptions, register

from .models import Article, Author, Category, Tag


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("title", "excerpt", "body", "source_line", "meta_description", "image_alt", "image_caption")
    required_languages = ("ar",)


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("ar",)


@register(Tag)
class TagTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)


@register(Author)
class AuthorTranslationOptions(TranslationOptions):
    fields = ("bio",)
