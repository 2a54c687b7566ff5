"""The demo reader in a real browser: the reference article as readers see it, built from the API alone.

Fixtures (tests/reader/conftest.py): `browser` (Debian's Chromium, one per module), `page` (a
fresh context on live_server with the demo content seeded), `artifacts` (screenshot folder).
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote, unquote, urlsplit

import pytest
from django.test import Client
from django.utils import timezone
try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips these tests (or fails them in CI) and says why
    expect = None

from articles.models import Article
from cms.demo import content
from cms.models import SiteSettings
from comments import services as comment_services
from comments.models import Comment
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFERENCE = content.REFERENCE_ARTICLE
RELATED_TITLES = {a["slug"]: a["title_ar"] for a in content.OTHER_ARTICLES}
UNTRANSLATED = next(a for a in content.OTHER_ARTICLES if not a.get("title_en"))
PAGE_SIZE = 10  # reader/views.js PAGE_SIZE


def path(lang: str, kind: str, slug: str) -> str:
    return f"/{lang}/{kind}/{quote(slug)}/"


def open_reader(page, url: str):
    """Load a reader URL and wait until its route has rendered (content, not found or an error)."""
    page.goto(url)
    page.wait_for_selector("main[data-state]:not([data-state='loading'])")
    return page


def api_titles(url: str, **params) -> list[str]:
    """Titles the API lists (Arabic), to compare with what the reader shows."""
    return [item["title"] for item in Client().get(url, {**params, "lang": "ar"}).json()["results"]]


def page_path(page) -> str:
    return unquote(urlsplit(page.url).path)


def html_language(page) -> tuple[str, str]:
    return tuple(page.evaluate("[document.documentElement.lang, document.documentElement.dir]"))


def accept_cookies(page):
    page.locator("#cookie-notice").get_by_role("button").click()
    expect(page.locator("#cookie-notice")).to_be_hidden()


def fill_comment(page, *, name="قارئ", email="reader@example.org", body="تعليق من المتصفح"):
    form = page.locator("#comment-form")
    form.get_by_label("الاسم").fill(name)
    form.get_by_label("البريد الإلكتروني").fill(email)
    form.get_by_label("التعليق").fill(body)
    return form


# --- the article page ------------------------------------------------------------------------


def test_article_page_shows_the_reference_article_right_to_left(page, artifacts):
    open_reader(page, path("ar", "articles", REFERENCE["slug"]))

    assert html_language(page) == ("ar", "rtl")
    expect(page.locator("main")).to_have_attribute("data-state", "ready")
    expect(page.locator("#site-name")).to_have_text(content.SITE["name_ar"])
    expect(page.locator("h1")).to_have_text(REFERENCE["title_ar"])
    byline = page.locator(".byline")
    expect(byline).to_have_text("بقلم editor2")
    expect(byline.get_by_role("link", name="editor2")).to_have_attribute("href", "/ar/authors/editor2/")
    expect(page.locator(".source-line")).to_have_text(REFERENCE["source_line_ar"])
    expect(page.locator(".article__date")).to_have_attribute("datetime", Article.objects.get(slug=REFERENCE["slug"]).published_at.isoformat().replace("+00:00", "Z"))
    expect(page.locator(".article__body p").first).to_contain_text("قلل مسؤولون في إدارة الرئيس الأميركي")
    categories = page.locator(".taxonomy__row--categories a")
    expect(categories).to_have_text(["العراق", "مخيم الهول"])
    expect(categories.first).to_have_attribute("href", path("ar", "categories", "العراق"))

    related = page.locator(".related")
    expect(related.get_by_role("heading")).to_have_text("قد يعجبك أيضاً")
    served = Client().get(f"/api/v1/articles/{REFERENCE['slug']}/", {"lang": "ar"}).json()["related"]
    expect(related.locator("a")).to_have_text([item["title"] for item in served])
    # The editors' picks come first, in their order.
    expect(related.locator("a").nth(0)).to_have_text(RELATED_TITLES[content.REFERENCE_RELATED[0]])
    expect(related.locator("a").nth(1)).to_have_text(RELATED_TITLES[content.REFERENCE_RELATED[1]])
    expect(page.locator("#comment-form")).to_contain_text("دع تعليقاً")
    expect(page.locator("label[for='comment-consent']")).to_have_text(content.SITE["comment_consent_text_ar"])

    accept_cookies(page)
    page.screenshot(path=artifacts / "article-ar.png", full_page=True)


def test_a_related_link_opens_that_article(page):
    open_reader(page, path("ar", "articles", REFERENCE["slug"]))
    first = content.REFERENCE_RELATED[0]

    page.locator(".related a").first.click()

    expect(page.locator("h1")).to_have_text(RELATED_TITLES[first])
    assert page_path(page) == f"/ar/articles/{first}/"
    expect(page.locator("main")).to_have_attribute("data-state", "ready")

    page.go_back()

    expect(page.locator("h1")).to_have_text(REFERENCE["title_ar"])


def test_english_shows_the_english_title_left_to_right(page, artifacts):
    open_reader(page, path("en", "articles", REFERENCE["slug"]))

    assert html_language(page) == ("en", "ltr")
    expect(page.locator("h1")).to_have_text(REFERENCE["title_en"])
    expect(page.locator(".byline")).to_have_text("by editor2")
    expect(page.locator(".taxonomy__row--categories a")).to_have_text(["Iraq", "Al-Hol camp"])
    expect(page.locator(".related h2")).to_have_text("You may also like")
    expect(page.locator("#comment-form h2")).to_have_text("Leave a comment")

    accept_cookies(page)
    page.screenshot(path=artifacts / "article-en.png", full_page=True)


def test_an_untranslated_article_stays_right_to_left_in_english(page):
    open_reader(page, path("en", "articles", UNTRANSLATED["slug"]))

    assert html_language(page) == ("ar", "rtl")
    expect(page.locator("h1")).to_have_text(UNTRANSLATED["title_ar"])
    # The reader's own chrome stays English, left to right.
    expect(page.locator("#site-header")).to_have_attribute("dir", "ltr")
    expect(page.locator("#site-nav")).to_contain_text("Home")
    expect(page.locator(".byline")).to_have_text("by editor2")


def test_the_language_switch_opens_the_same_article_in_english(page):
    open_reader(page, path("ar", "articles", REFERENCE["slug"]))

    page.locator("#site-nav").get_by_role("link", name="English").click()

    expect(page.locator("h1")).to_have_text(REFERENCE["title_en"])
    assert page_path(page) == f"/en/articles/{REFERENCE['slug']}/"
    assert html_language(page) == ("en", "ltr")


def test_a_drafts_url_shows_not_found(page):
    open_reader(page, path("ar", "articles", content.DRAFT_ARTICLE["slug"]))

    expect(page.locator("main")).to_have_attribute("data-state", "not-found")
    expect(page.locator("h1")).to_have_text("غير موجود")
    expect(page.locator("main")).not_to_contain_text(content.DRAFT_ARTICLE["title_ar"])

    open_reader(page, path("en", "articles", content.DRAFT_ARTICLE["slug"]))
    expect(page.locator("h1")).to_have_text("Not found")


def test_an_editors_preview_link_shows_the_draft(page, live_server):
    from articles import preview
    from articles.models import Article

    draft = Article.objects.get(slug=content.DRAFT_ARTICLE["slug"])
    link = preview.preview_url(draft)  # what the admin's "preview" link points at
    assert link.startswith("/ar/articles/")

    open_reader(page, live_server.url + link)

    expect(page.locator("h1")).to_have_text(content.DRAFT_ARTICLE["title_ar"])


def test_text_from_the_api_is_inserted_as_text(page):
    ArticleFactory(slug="markup-in-title", title_ar='<img src=x onerror="window.pwned=1">عنوان')

    open_reader(page, path("ar", "articles", "markup-in-title"))

    expect(page.locator("h1")).to_have_text('<img src=x onerror="window.pwned=1">عنوان')
    assert page.locator("main img").count() == 0
    assert page.evaluate("window.pwned") is None


# --- comments --------------------------------------------------------------------------------


def test_a_comment_without_consent_shows_the_servers_error_and_stores_nothing(page):
    open_reader(page, path("ar", "articles", REFERENCE["slug"]))
    before = Comment.objects.count()
    form = fill_comment(page)

    with page.expect_response(lambda r: r.request.method == "POST" and "/comments/" in r.url) as answer:
        form.get_by_role("button", name="أرسل التعليق").click()

    assert answer.value.status == 400
    error = answer.value.json()
    assert error["code"] == "consent_required"
    expect(form.get_by_text(error["detail"])).to_be_visible()
    expect(form.get_by_label(content.SITE["comment_consent_text_ar"])).to_have_attribute("aria-invalid", "true")
    assert Comment.objects.count() == before


def test_a_comment_with_consent_awaits_moderation_and_shows_once_approved(page):
    open_reader(page, path("ar", "articles", REFERENCE["slug"]))
    form = fill_comment(page, name="سلمى", body="شكراً على هذا التقرير")
    form.get_by_label(content.SITE["comment_consent_text_ar"]).check()

    with page.expect_response(lambda r: r.request.method == "POST" and "/comments/" in r.url) as answer:
        form.get_by_role("button", name="أرسل التعليق").click()

    assert answer.value.status == 201
    assert answer.value.json()["status"] == "pending"
    expect(form.locator(".form-status")).to_have_text(answer.value.json()["message"])
    expect(form.locator(".form-status")).to_contain_text("بانتظار المراجعة")
    comment = Comment.objects.get(author_name="سلمى")
    assert comment.status == Comment.Status.PENDING
    assert comment.consent_version == SiteSettings.objects.get().comment_consent_version
    expect(page.locator(".comment-list")).not_to_contain_text("شكراً على هذا التقرير")

    comment_services.comment_approve(comment=comment)
    page.reload()

    shown = page.locator(".comment-list .comment")
    expect(shown).to_have_count(1)
    expect(shown.first).to_contain_text("سلمى")
    expect(shown.first).to_contain_text("شكراً على هذا التقرير")
    expect(page.locator("#comments-title")).to_have_text("التعليقات (1)")


def test_replies_are_shown_nested_under_their_comment(page):
    article = Article.objects.get(slug=REFERENCE["slug"])
    now = timezone.now()

    def approved(name, body, parent=None, minutes=0):
        comment = comment_services.comment_submit(
            article=article, author_name=name, author_email=f"{name}@example.org", body=body, consent=True,
            parent_id=parent.pk if parent else None, now=now - timedelta(minutes=minutes),
        )
        return comment_services.comment_approve(comment=comment)

    first = approved("first", "<p>أول تعليق</p>", minutes=10)
    approved("second", "<p>رد على الأول</p>", parent=first, minutes=5)

    open_reader(page, path("ar", "articles", REFERENCE["slug"]))

    thread = page.locator(f"#comment-{first.pk}")
    expect(thread.locator(".comment-list--replies .comment")).to_contain_text(["رد على الأول"])
    expect(page.locator("#comments-title")).to_have_text("التعليقات (2)")


def test_an_article_with_comments_closed_says_so_and_has_no_form(page):
    ArticleFactory(slug="closed-comments", comments_enabled=False)

    open_reader(page, path("ar", "articles", "closed-comments"))

    expect(page.locator(".comments-closed")).to_have_text("التعليقات مغلقة على هذا المقال.")
    expect(page.locator("#comment-form")).to_have_count(0)


# --- site chrome and the other routes --------------------------------------------------------


def test_the_cookie_notice_accept_survives_reloads(page):
    open_reader(page, "/ar/")
    notice = page.locator("#cookie-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(content.SITE["cookie_notice_ar"])
    expect(notice.get_by_role("link", name="قراءة المزيد")).to_have_attribute("href", "/ar/pages/privacy-cookies-policy/")

    notice.get_by_role("button", name="موافق").click()
    expect(notice).to_be_hidden()
    page.reload()
    page.wait_for_selector("main[data-state='ready']")
    expect(notice).to_be_hidden()
    open_reader(page, path("en", "articles", REFERENCE["slug"]))
    expect(notice).to_be_hidden()


def test_the_cookie_notices_read_more_opens_the_policy_page(page):
    open_reader(page, "/en/")

    page.locator("#cookie-notice").get_by_role("link", name="Read more").click()

    expect(page.locator("h1")).to_have_text(content.POLICY_PAGE["title_en"])
    assert page_path(page) == "/en/pages/privacy-cookies-policy/"


def test_the_home_page_lists_articles_and_more_loads_further_ones(page):
    # 5 published demo articles + 8 = 13: one page of 10, then 3 more (the draft and the scheduled one stay out).
    ArticleFactory.create_batch(8, published_at=timezone.now() - timedelta(days=30))

    open_reader(page, "/")

    assert html_language(page) == ("ar", "rtl")
    cards = page.locator(".article-list > li")
    expect(cards).to_have_count(PAGE_SIZE)
    expect(cards.first).to_contain_text(REFERENCE["title_ar"])
    more = page.get_by_role("button", name="المزيد")

    more.click()

    expect(cards).to_have_count(13)
    expect(more).to_be_hidden()
    expect(page.locator("main")).not_to_contain_text(content.DRAFT_ARTICLE["title_ar"])


def test_a_category_page_lists_its_articles(page):
    open_reader(page, path("ar", "articles", REFERENCE["slug"]))

    page.locator(".taxonomy__row--categories").get_by_role("link", name="مخيم الهول").click()

    expect(page.locator("h1")).to_have_text("مخيم الهول")
    listed = api_titles("/api/v1/articles/", category="مخيم-الهول")
    assert len(listed) == 3
    expect(page.locator(".card__title")).to_have_text(listed)


def test_an_author_page_lists_their_articles(page):
    open_reader(page, path("ar", "articles", REFERENCE["slug"]))

    page.locator(".byline").get_by_role("link", name="editor2").click()

    expect(page.locator("h1")).to_have_text("editor2")
    listed = api_titles("/api/v1/articles/", author="editor2")
    assert len(listed) == 3
    expect(page.locator(".card__title")).to_have_text(listed)
    expect(page.locator(".page-heading")).to_contain_text("محرر في فرات بوست.")


def test_search_finds_articles(page):
    open_reader(page, "/ar/search/")

    page.get_by_label("ابحث في المقالات").fill("الهول")
    page.get_by_role("button", name="ابحث", exact=True).click()

    assert page_path(page) == "/ar/search/"
    expect(page.locator(".article-list > li").first).to_be_visible()
    expect(page.locator(".article-list")).to_contain_text("مخيم الهول")
