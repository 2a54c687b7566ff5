"""Articles, their authors, categories, tags and editor-curated related links."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .querysets import ArticleManager

SLUG_MAX_LENGTH = 200


class Author(models.Model):
    name = models.CharField(_("display name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=SLUG_MAX_LENGTH, unique=True, allow_unicode=True)
    bio = models.TextField(_("biography"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=SLUG_MAX_LENGTH, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="category_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=SLUG_MAX_LENGTH, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=SLUG_MAX_LENGTH, unique=True, allow_unicode=True)
    excerpt = models.TextField(_("excerpt"), blank=True, max_length=1000)
    body = models.TextField(_("body"), blank=True, help_text=_("HTML; sanitised whenever it is saved."))
    source_line = models.CharField(
        _("source line"), max_length=200, blank=True, help_text=_("The kicker shown above the body.")
    )
    image = models.ImageField(
        _("featured image"),
        upload_to="articles/%Y/%m/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(_("image alt text"), max_length=300, blank=True)
    image_caption = models.CharField(_("image caption"), max_length=500, blank=True)
    image_credit = models.CharField(_("image credit"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("A future date schedules the article: it becomes visible at that moment."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    authors = models.ManyToManyField(
        Author, through="ArticleAuthor", related_name="articles", verbose_name=_("authors"), blank=True
    )
    primary_category = models.ForeignKey(
        Category,
        verbose_name=_("primary category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="primary_articles",
    )
    categories = models.ManyToManyField(
        Category, related_name="articles", verbose_name=_("other categories"), blank=True
    )
    tags = models.ManyToManyField(Tag, related_name="articles", verbose_name=_("tags"), blank=True)
    comments_enabled = models.BooleanField(_("comments enabled"), default=True)
    comments_premoderated = models.BooleanField(
        _("pre-moderate comments"), default=False, help_text=_("Hold every comment on this article for a moderator.")
    )
    meta_description = models.CharField(_("meta description"), max_length=320, blank=True)
    canonical_url = models.URLField(_("canonical URL override"), max_length=500, blank=True)
    # Approved comments, kept by the comment services (explicitly, like the content version) so
    # article lists need no per-item count.
    comment_count = models.PositiveIntegerField(_("approved comments"), default=0, editable=False)
    # Normalised (cms.arabic) plain text of title, excerpt and body per language, kept by the
    # services for search; never shown to readers.
    search_text_ar = models.TextField(editable=False, blank=True, default="")
    search_text_en = models.TextField(editable=False, blank=True, default="")

    objects = ArticleManager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            # Lists and feeds: published() and its ordering from the index; the primary category
            # too, so a category filter is checked in the index without reading whole rows.
            models.Index(fields=["status", "-published_at", "-id", "primary_category"], name="article_listing_idx"),
            models.Index(fields=["-published_at", "-id"], name="article_pub_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED and bool(self.published_at) and self.published_at <= timezone.now()



class ArticleAuthor(models.Model):
    """The byline, in the order the editor gave."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("byline")
        verbose_name_plural = _("byline")
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="articleauthor_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}:{self.author_id}"


class RelatedLink(models.Model):
    """An editor-curated "you may also like" link, in editor order."""

    from_article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_links")
    to_article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="+", verbose_name=_("related article")
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("related link")
        verbose_name_plural = _("related links")
        constraints = [
            models.UniqueConstraint(fields=["from_article", "to_article"], name="relatedlink_unique_pair"),
            models.CheckConstraint(condition=~Q(from_article=F("to_article")), name="relatedlink_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.from_article_id} → {self.to_article_id}"
