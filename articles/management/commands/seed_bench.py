"""Seed the benchmark data set (``bench/``): many published Arabic articles and their comments, in bulk.

    manage.py seed_bench --articles 10000 --comments 5000 [--reset] [--seed 7]

Deterministic: the same arguments give the same text, taxonomy, links and comments (one
``random.Random(seed)``; dates count back from a fixed moment). Rows are written with
``bulk_create`` in batches rather than through the services, which sanitise and bump the content
version per row: that would take an hour for 200,000 articles. What the services would compute
is computed here the same way (the normalised ``search_text_*``, comment threads and depths,
``comment_count``), and the content version is bumped once at the end.

Everything it creates is found again by the ``bench-`` slug prefix (comments: by their article),
which is what ``--reset`` deletes. Rows are committed batch by batch: a run that is interrupted
leaves part of the data set, which ``--reset`` clears.
"""

from __future__ import annotations

import io
import random
import sys
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import translation

from articles.models import Article, ArticleAuthor, Author, Category, RelatedLink, Tag
from cms.arabic import normalize
from cms.content_version import content_changed
from cms.models import SiteSettings
from comments.models import Comment
from comments.models.comment import duplicate_key

PREFIX = "bench-"
HOT_SLUG = "bench-hot"  # the newest article, with HOT_COMMENTS approved threaded comments
HOT_COMMENTS = 500
BATCH = 1000
RESET_BATCH = 5000  # articles deleted per round by --reset
WORDS_PER_ARTICLE = 600
WORDS_PER_PARAGRAPH = 60
TRANSLATED_EVERY = 5  # every fifth article also has an English version
RELATED_EVERY = 10  # every tenth article has two curated related links
IMAGE_EVERY = 2
# Dates count back from here, five minutes apart: fixed, so two runs give the same rows.
NEWEST = datetime(2025, 1, 1, 6, 0, tzinfo=UTC)
STEP = timedelta(minutes=5)
SOURCE_LINE = "فرات بوست: أخبار ومتابعات"

WORDS_AR = (
    "الحكومة", "وزير", "الخارجية", "العراق", "سوريا", "بغداد", "دمشق", "الأمم", "المتحدة", "مجلس",
    "الأمن", "القوات", "الأمريكية", "الانسحاب", "الحدود", "المخيم", "اللاجئين", "النازحين", "المساعدات", "الإنسانية",
    "الاقتصاد", "النفط", "الأسعار", "الدينار", "البنك", "المركزي", "الموازنة", "الاستثمار", "الشركات", "التجارة",
    "الانتخابات", "البرلمان", "الأحزاب", "الرئيس", "رئيس", "الوزراء", "المعارضة", "التحالف", "الاتفاق", "المفاوضات",
    "قال", "أعلن", "أكد", "أشار", "أوضح", "نقلت", "مصادر", "مسؤولون", "مسؤول", "محلية",
    "اليوم", "أمس", "الأسبوع", "الماضي", "المقبل", "العام", "الشهر", "خلال", "بعد", "قبل",
    "في", "من", "إلى", "على", "عن", "مع", "أن", "التي", "الذي", "هذه",
    "المدينة", "المحافظة", "الشمال", "الجنوب", "الشرق", "الغرب", "المنطقة", "الإقليم", "الريف", "العاصمة",
    "الصحة", "المستشفى", "الأطباء", "المرضى", "اللقاح", "التعليم", "المدارس", "الطلاب", "الجامعة", "المعلمين",
    "المياه", "الكهرباء", "الطاقة", "الزراعة", "القمح", "الجفاف", "الأمطار", "الفيضانات", "المناخ", "البيئة",
    "الرياضة", "المنتخب", "المباراة", "الدوري", "الفريق", "المدرب", "الملعب", "البطولة", "الهدف", "الجمهور",
    "الثقافة", "الكتاب", "المعرض", "الفيلم", "المسرح", "الموسيقى", "الشعر", "الرواية", "التراث", "المتحف",
    "الشرطة", "المحكمة", "القضاء", "التحقيق", "المتهمين", "السجن", "الحكم", "القانون", "الدستور", "العدالة",
    "الصحفيين", "الإعلام", "الحرية", "التقرير", "الدراسة", "البيانات", "الأرقام", "نسبة", "ارتفاع", "انخفاض",
    "السكان", "العائلات", "الأطفال", "النساء", "الشباب", "العمال", "الفلاحين", "التجار", "السكان", "المواطنين",
    "الأميركية", "الإيرانية", "التركية", "الروسية", "الأوروبية", "العربية", "الخليجية", "الكردية", "الدولية", "الإقليمية",
)
# Places in the news: two per article (one in the title, one in the body), so each is in about one
# article in twenty; a search for one selects, as readers' searches do.
TOPICS = (
    "الموصل", "كركوك", "أربيل", "السليمانية", "النجف", "كربلاء", "الرمادي", "الفلوجة", "تكريت", "سامراء",
    "الحسكة", "الرقة", "القامشلي", "إدلب", "حمص", "حماة", "اللاذقية", "طرطوس", "درعا", "السويداء",
    "عمّان", "بيروت", "القاهرة", "الرياض", "الدوحة", "الكويت", "المنامة", "مسقط", "صنعاء", "طهران",
    "أنقرة", "جنيف", "فيينا", "بروكسل", "واشنطن", "موسكو", "لندن", "باريس", "برلين", "نيويورك",
)
WORDS_EN = (
    "government", "minister", "foreign", "Iraq", "Syria", "Baghdad", "Damascus", "united", "nations", "council",
    "security", "forces", "withdrawal", "border", "camp", "refugees", "displaced", "aid", "humanitarian", "economy",
    "oil", "prices", "bank", "budget", "investment", "trade", "elections", "parliament", "parties", "president",
    "said", "announced", "confirmed", "sources", "officials", "local", "today", "yesterday", "week", "year",
    "in", "of", "to", "on", "with", "that", "the", "a", "city", "province",
    "health", "hospital", "schools", "students", "water", "electricity", "drought", "climate", "team", "match",
)
CATEGORY_TREE = (
    # (name, parent index or None): 5 sections, 10 subsections, 5 sub-subsections.
    ("أخبار", None), ("سياسة", None), ("اقتصاد", None), ("رياضة", None), ("ثقافة", None),
    ("العراق", 0), ("سوريا", 0), ("الخليج", 0), ("برلمان", 1), ("انتخابات", 1),
    ("نفط", 2), ("أسواق", 2), ("كرة القدم", 3), ("كتب", 4), ("سينما", 4),
    ("بغداد", 5), ("البصرة", 5), ("دمشق", 6), ("حلب", 6), ("الدوري العراقي", 12),
)
TAG_COUNT = 200
AUTHORS = (("رامي الأحمد", "bench-author-1"), ("ليلى حسن", "bench-author-2"))
NAMES = ("سارة", "أحمد", "منى", "خالد", "ريم", "يوسف", "هدى", "عمر", "نور", "علي")


def _weights(count: int) -> list[float]:
    """Cumulative Zipf-like weights: common words in nearly every article, rare ones in few (so searches select)."""
    return list(accumulate(1 / (rank + 1) for rank in range(count)))


class Progress:
    """A one-line counter on stderr, rewritten in place."""

    def __init__(self, label: str, total: int, stream=None):
        self.label, self.total, self.stream = label, total, stream or sys.stderr

    def update(self, done: int) -> None:
        self.stream.write(f"\r  {self.label}: {done:,}/{self.total:,}")
        self.stream.flush()

    def done(self) -> None:
        self.update(self.total)
        self.stream.write("\n")


class Command(BaseCommand):
    help = "Bulk-insert the benchmark data set (published Arabic articles, taxonomy, comments); deterministic."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000, help="Published articles to create (default 10,000).")
        parser.add_argument("--comments", type=int, default=5_000, help="Comments spread over the other articles (default 5,000).")
        parser.add_argument("--seed", type=int, default=7, help="Random seed (default 7).")
        parser.add_argument("--reset", action="store_true", help="Delete the previous benchmark data first.")
        parser.add_argument("--quiet", action="store_true", help="No progress counter.")

    def handle(self, *args, **options):
        articles, comments = options["articles"], options["comments"]
        if articles < 1 or comments < 0:
            raise CommandError("--articles must be at least 1 and --comments at least 0.")
        self.quiet = options["quiet"]
        self.rng = random.Random(options["seed"])
        self.ar_weights = _weights(len(WORDS_AR))
        with translation.override("ar"):
            if options["reset"]:
                self.reset()
            elif Article.objects.filter(slug__startswith=PREFIX).exists():
                raise CommandError("Benchmark data exists already: pass --reset to replace it.")
            # A transaction per batch, not one for everything: PostgreSQL checks deferred foreign
            # keys at COMMIT, and millions of queued checks take longer than the inserts.
            with transaction.atomic():
                authors = self.authors()
                categories = self.categories()
                tags = self.tags()
            ids = self.articles(articles, authors, categories, tags)
            with transaction.atomic():
                self.related(ids)
            self.comments(ids, comments)
            with transaction.atomic():
                self.recount()
                content_changed()
            self.analyze()
        self.stdout.write(self.style.SUCCESS(f"Seeded {articles:,} articles and {comments + HOT_COMMENTS:,} comments."))

    # --- progress and reset ---

    def progress(self, label: str, total: int) -> Progress:
        return Progress(label, total, stream=io.StringIO() if self.quiet else sys.stderr)

    @transaction.atomic
    def reset(self) -> None:
        # In batches of articles: deleting all of them at once made Django list every primary key
        # in one statement, past PostgreSQL's 65,535 parameters at 200,000 articles.
        ids = list(Article.objects.filter(slug__startswith=PREFIX).order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), RESET_BATCH):
            batch = ids[start : start + RESET_BATCH]
            Comment.objects.filter(article_id__in=batch).delete()
            RelatedLink.objects.filter(from_article_id__in=batch).delete()
            RelatedLink.objects.filter(to_article_id__in=batch).delete()
            ArticleAuthor.objects.filter(article_id__in=batch).delete()
            Article.categories.through.objects.filter(article_id__in=batch).delete()
            Article.tags.through.objects.filter(article_id__in=batch).delete()
            Article.objects.filter(pk__in=batch).delete()
        Tag.objects.filter(slug__startswith=PREFIX).delete()
        Author.objects.filter(slug__startswith=PREFIX).delete()
        # Categories protect their children: leaves first, until none is left.
        categories = Category.objects.filter(slug__startswith=PREFIX)
        while categories.exists():
            categories.filter(children__isnull=True).delete()
        content_changed()

    # --- taxonomy ---

    def authors(self) -> list[int]:
        return [a.pk for a in Author.objects.bulk_create(Author(name=name, slug=slug, bio_ar="محرر في فرات بوست") for name, slug in AUTHORS)]

    def categories(self) -> list[int]:
        ids: list[int] = []
        for position, (name, parent) in enumerate(CATEGORY_TREE):
            # One by one (20 rows): a child needs its parent's id.
            category = Category.objects.create(
                name_ar=name, slug=f"{PREFIX}cat-{position + 1:02d}", description_ar=f"أخبار {name}",
                parent_id=ids[parent] if parent is not None else None, position=position,
            )
            ids.append(category.pk)
        return ids

    def tags(self) -> list[int]:
        tags = [Tag(name_ar=f"{WORDS_AR[i % len(WORDS_AR)]} {i + 1}", slug=f"{PREFIX}tag-{i + 1:03d}") for i in range(TAG_COUNT)]
        return [t.pk for t in Tag.objects.bulk_create(tags)]

    # --- articles ---

    def words(self, count: int) -> list[str]:
        return self.rng.choices(WORDS_AR, cum_weights=self.ar_weights, k=count)

    def article(self, i: int, total: int) -> Article:
        """The ``i``-th article (0 is the oldest, ``total - 1`` the newest: the one with many comments)."""
        rng = self.rng
        in_title, in_body = rng.sample(TOPICS, 2)
        title = " ".join([*self.words(rng.randint(5, 9)), in_title])
        excerpt = " ".join(self.words(rng.randint(20, 30)))
        words = self.words(WORDS_PER_ARTICLE)
        paragraphs = [" ".join(words[n : n + WORDS_PER_PARAGRAPH]) for n in range(0, WORDS_PER_ARTICLE, WORDS_PER_PARAGRAPH)]
        paragraphs[2] = f"{paragraphs[2]} {in_body}"
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        search_ar = normalize(" ".join((title, excerpt, *paragraphs)))
        fields = {
            "title_ar": title, "excerpt_ar": excerpt, "body_ar": body, "source_line_ar": SOURCE_LINE,
            "meta_description_ar": excerpt[:300], "search_text_ar": search_ar, "search_text_en": search_ar,
        }
        if i % TRANSLATED_EVERY == 0:
            en_title = " ".join(rng.choices(WORDS_EN, k=8)).capitalize()
            en_excerpt = " ".join(rng.choices(WORDS_EN, k=25))
            en_paragraphs = [" ".join(rng.choices(WORDS_EN, k=WORDS_PER_PARAGRAPH)) for _ in range(WORDS_PER_ARTICLE // WORDS_PER_PARAGRAPH)]
            fields.update(
                title_en=en_title, excerpt_en=en_excerpt, body_en="".join(f"<p>{p}</p>" for p in en_paragraphs),
                source_line_en="Furat Post", meta_description_en=en_excerpt[:300],
                search_text_en=normalize(" ".join((en_title, en_excerpt, *en_paragraphs))),
            )
        if i % IMAGE_EVERY == 0:
            fields.update(
                image=f"articles/bench/photo-{i % 50:02d}.jpg", image_width=1200, image_height=675,
                image_alt_ar=" ".join(self.words(4)), image_caption_ar=" ".join(self.words(8)), image_credit="فرات بوست",
            )
        published_at = NEWEST - STEP * (total - 1 - i)
        slug = HOT_SLUG if i == total - 1 else f"{PREFIX}{i + 1:06d}"
        return Article(slug=slug, status=Article.Status.PUBLISHED, published_at=published_at, created_at=published_at, **fields)

    def articles(self, total: int, authors: list[int], categories: list[int], tags: list[int]) -> list[int]:
        """Create the articles with bylines, a primary and one other category, three tags; their ids, oldest first."""
        ids: list[int] = []
        progress = self.progress("articles", total)
        for start in range(0, total, BATCH):
            batch = [self.article(i, total) for i in range(start, min(start + BATCH, total))]
            for article in batch:
                article.primary_category_id = self.rng.choice(categories)
            with transaction.atomic():
                created = Article.objects.bulk_create(batch)
                self.relations(created, authors, categories, tags)
            ids.extend(article.pk for article in created)
            progress.update(len(ids))
        progress.done()
        return ids

    def relations(self, created: list[Article], authors: list[int], categories: list[int], tags: list[int]) -> None:
        """A byline of one or two, one category besides the primary, three tags, for each of these articles."""
        through_c, through_t = Article.categories.through, Article.tags.through
        bylines, other_categories, article_tags = [], [], []
        for article in created:
            for position, author in enumerate(self.rng.sample(authors, self.rng.choice((1, 1, 2)))):
                bylines.append(ArticleAuthor(article_id=article.pk, author_id=author, position=position))
            other = self.rng.choice([c for c in categories if c != article.primary_category_id])
            other_categories.append(through_c(article_id=article.pk, category_id=other))
            article_tags.extend(through_t(article_id=article.pk, tag_id=tag) for tag in self.rng.sample(tags, 3))
        ArticleAuthor.objects.bulk_create(bylines)
        through_c.objects.bulk_create(other_categories)
        through_t.objects.bulk_create(article_tags)

    def related(self, ids: list[int]) -> None:
        """Two curated links, to older articles, on every tenth article."""
        links = []
        for n in range(RELATED_EVERY, len(ids), RELATED_EVERY):
            for position, index in enumerate(self.rng.sample(range(n), 2)):
                links.append(RelatedLink(from_article_id=ids[n], to_article_id=ids[index], position=position))
        RelatedLink.objects.bulk_create(links, batch_size=BATCH)

    # --- comments ---

    def comments(self, ids: list[int], count: int) -> None:
        """HOT_COMMENTS approved comments on the newest article (200 threads, replies two levels deep),
        then ``count`` over the others: about a third replies, 15% pending."""
        hot = ids[-1]
        others = ids[:-1] or ids
        plan: list[dict] = []  # parent is an index into plan
        for n in range(HOT_COMMENTS):
            if n % 5 in (0, 1):
                parent = None
            elif n % 5 in (2, 3):
                parent = n - 2 if plan[n - 2]["parent"] is None else plan[n - 2]["parent"]
            else:
                parent = n - 2  # a reply to a reply: depth 3
            plan.append({"article": hot, "parent": parent, "approved": True})
        last_root: dict[int, int] = {}
        for _ in range(count):
            article = self.rng.choice(others)
            approved = self.rng.random() >= 0.15
            parent = last_root.get(article) if approved and self.rng.random() < 0.33 else None
            plan.append({"article": article, "parent": parent, "approved": approved})
            if parent is None and approved:
                last_root[article] = len(plan) - 1
        self.insert_comments(plan)

    def insert_comments(self, plan: list[dict]) -> None:
        """Insert level by level, so a reply knows its parent's id and thread (as ``comment_submit`` sets them)."""
        version = SiteSettings.load().comment_consent_version
        published = dict(Article.objects.filter(pk__in={p["article"] for p in plan}).values_list("pk", "published_at"))
        depth = [1 if p["parent"] is None else 0 for p in plan]
        for n, p in enumerate(plan):
            if p["parent"] is not None:
                depth[n] = depth[p["parent"]] + 1
        pks: dict[int, int] = {}
        threads: dict[int, tuple[int, datetime]] = {}  # plan index -> its thread's id and start
        progress = self.progress("comments", len(plan))
        done = 0
        for level in sorted(set(depth)):
            rows = [n for n in range(len(plan)) if depth[n] == level]
            for start in range(0, len(rows), BATCH):
                chunk = rows[start : start + BATCH]
                objs = [self.comment(n, plan[n], level, published, version, pks, threads) for n in chunk]
                with transaction.atomic():
                    for n, obj in zip(chunk, Comment.objects.bulk_create(objs), strict=True):
                        pks[n] = obj.pk
                        threads[n] = (obj.thread_id or obj.pk, obj.thread_started_at)
                    if level == 1:
                        # A top-level comment is its own thread (one UPDATE per batch; comment_submit does it per row).
                        Comment.objects.filter(pk__in=[pks[n] for n in chunk]).update(thread_id=F("id"))
                done += len(chunk)
                progress.update(done)
        progress.done()

    def comment(self, n: int, p: dict, depth: int, published: dict, version: int, pks: dict, threads: dict) -> Comment:
        """The ``n``th comment of the plan, in the thread of its parent (as ``comment_submit`` stores it)."""
        words = self.words(self.rng.randint(8, 40))
        text = " ".join(words)
        at = published[p["article"]] + timedelta(minutes=n + 1)
        name = f"{NAMES[n % len(NAMES)]} {n + 1}"
        parent = p["parent"]
        thread_id, thread_started_at = threads[parent] if parent is not None else (None, at)
        return Comment(
            article_id=p["article"],
            parent_id=pks[parent] if parent is not None else None,
            thread_id=thread_id,
            thread_started_at=thread_started_at,
            depth=depth,
            author_name=name,
            author_email=f"reader{n + 1}@bench.example",
            body=f"<p>{text}</p>",
            duplicate_key=duplicate_key(p["article"], f"reader{n + 1}@bench.example", f"<p>{text}</p>"),
            body_text=text,
            status=Comment.Status.APPROVED if p["approved"] else Comment.Status.PENDING,
            consent_at=at,
            consent_version=version,
            ip_address=f"198.51.100.{n % 250 + 1}",
            user_agent="seed_bench",
            submitted_at=at,
        )

    def analyze(self) -> None:
        """On PostgreSQL, VACUUM ANALYZE the tables just filled, as autovacuum would a while after a
        bulk load: without statistics the planner guesses one row per table (and picks nested
        loops that rerun a subquery per row), and without a visibility map index-only scans still
        read the heap. SQLite is left without statistics, like most SQLite databases: its queries
        are written to take the right index without them."""
        if connection.vendor != "postgresql":
            return
        tables = [model._meta.db_table for model in (Article, ArticleAuthor, Author, Category, Tag, RelatedLink, Comment)]
        tables += [Article.categories.through._meta.db_table, Article.tags.through._meta.db_table]
        # VACUUM cannot run inside a transaction (a caller's, or a test's): ANALYZE alone then.
        command = "ANALYZE " if connection.in_atomic_block else "VACUUM (ANALYZE) "
        with connection.cursor() as cursor:
            cursor.execute(command + ", ".join(connection.ops.quote_name(table) for table in tables))

    def recount(self) -> None:
        """``comment_count`` of every benchmark article in one UPDATE (as the comment services do)."""
        approved = Comment.objects.approved().filter(article=OuterRef("pk")).order_by().values("article").annotate(n=Count("pk")).values("n")
        Article.objects.filter(slug__startswith=PREFIX).update(comment_count=Coalesce(Subquery(approved), 0))
