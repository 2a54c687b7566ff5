"""Load the demo newsroom: the reference article, its neighbours, the policy page, site settings.

Idempotent: a second run changes nothing (items are found by slug and left as they are).
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles import services as article_services
from articles.models import Article, Author, Category, RelatedLink, Tag
from cms import services as cms_services
from cms.demo import content
from cms.models import Page, SiteSettings
from cms.roles import ensure_roles


class Command(BaseCommand):
    help = "Load the demo content (idempotent) and a local admin user."

    def add_arguments(self, parser):
        parser.add_argument("--no-admin", action="store_true", help="Do not create the local admin user.")

    @transaction.atomic
    def handle(self, *args, **options):
        ensure_roles()
        policy = self._policy_page()
        self._site_settings(policy)
        authors = {a["slug"]: self._author(a) for a in content.AUTHORS}
        categories = {}
        for data in content.CATEGORIES:
            categories[data["slug"]] = self._category(data, categories)
        tags = {t["slug"]: self._tag(t) for t in content.TAGS}
        now = timezone.now()
        created = 0
        for data in [content.REFERENCE_ARTICLE, *content.OTHER_ARTICLES, content.DRAFT_ARTICLE, content.SCHEDULED_ARTICLE]:
            created += self._article(data, authors, categories, tags, now)
        reference = Article.objects.get(slug=content.REFERENCE_SLUG)
        if not RelatedLink.objects.filter(from_article=reference).exists():
            targets = list(Article.objects.filter(slug__in=content.REFERENCE_RELATED))
            targets.sort(key=lambda a: content.REFERENCE_RELATED.index(a.slug))
            article_services.related_links_set(article=reference, targets=targets)
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({created} new articles)."))
        if not options["no_admin"]:
            self._admin_user()

    def _policy_page(self) -> Page:
        page = Page.objects.filter(slug=content.POLICY_PAGE["slug"]).first()
        if page is None:
            page = Page(**content.POLICY_PAGE)
            cms_services.page_save(page=page)
        return page

    def _site_settings(self, policy: Page) -> None:
        site = SiteSettings.objects.filter(pk=1).first()
        if site is not None and site.cookie_notice_ar:
            return
        site = site or SiteSettings(pk=1)
        for name, value in content.SITE.items():
            setattr(site, name, value)
        site.cookie_policy_page = policy
        cms_services.site_settings_save(site_settings=site)

    def _author(self, data: dict) -> Author:
        author = Author.objects.filter(slug=data["slug"]).first()
        return author or article_services.taxonomy_save(obj=Author(**data))

    def _category(self, data: dict, known: dict) -> Category:
        category = Category.objects.filter(slug=data["slug"]).first()
        if category:
            return category
        fields = {k: v for k, v in data.items() if k != "parent"}
        return article_services.taxonomy_save(obj=Category(parent=known.get(data["parent"]), **fields))

    def _tag(self, data: dict) -> Tag:
        tag = Tag.objects.filter(slug=data["slug"]).first()
        return tag or article_services.taxonomy_save(obj=Tag(**data))

    def _article(self, data: dict, authors, categories, tags, now) -> int:
        if Article.objects.filter(slug=data["slug"]).exists():
            return 0
        fields = {
            k: v
            for k, v in data.items()
            if k not in {"authors", "primary_category", "categories", "tags", "hours_ago", "status", "days_ahead", "title_ar"}
        }
        article = article_services.article_create(
            title=data["title_ar"],
            primary_category=categories[data["primary_category"]],
            authors=[authors[s] for s in data["authors"]],
            categories=[categories[s] for s in data["categories"]],
            tags=[tags[s] for s in data["tags"]],
            **fields,
        )
        status = data.get("status", "published")
        if status == "published":
            article_services.article_publish(article=article, at=now - timedelta(hours=data.get("hours_ago", 1)))
        elif status == "scheduled":
            article_services.article_schedule(article=article, published_at=now + timedelta(days=data["days_ahead"]))
        return 1

    def _admin_user(self) -> None:
        User = get_user_model()
        if not User.objects.filter(username=content.ADMIN_USERNAME).exists():
            User.objects.create_superuser(
                username=content.ADMIN_USERNAME, email="admin@localhost", password=content.ADMIN_PASSWORD
            )
        self.stdout.write(
            f"Local admin user (local use only): {content.ADMIN_USERNAME} / {content.ADMIN_PASSWORD}"
        )
