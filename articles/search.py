"""Full-text search over the normalised text of the served language.

Query and text both go through ``cms.arabic.normalize``. PostgreSQL matches the stored,
GIN-indexed ``search_vector_<lang>`` columns (migration 0003) and ranks; other databases match
every word of the query in the stored normalised text.

PostgreSQL's Arabic stemmer does not give a word the same stem with and without the article
or a one-letter proclitic (``القوات`` → القو, ``قوات`` → قوا, ``والقوات`` → والقوا), so on
PostgreSQL an Arabic query word matches any of those written forms of it (``arabic_forms``):
what a reader finds does not depend on whether they typed the article.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, FloatField
from django.db.models.expressions import Expression

from cms.arabic import normalize

CONFIGS = {"ar": "arabic", "en": "english"}

ARTICLE = "ال"
# Conjunctions and prepositions written onto the next word; ل + ال is written لل.
PROCLITICS = ("و", "ف", "ب", "ك")
_ARABIC_WORD = re.compile(r"^[\u0621-\u064a]+$")


def arabic_forms(word: str) -> list[str]:
    """The written forms of an (already normalised) Arabic word: bare, with the article, with a
    one-letter proclitic, with both. Words of other scripts are returned as they are."""
    if not _ARABIC_WORD.match(word):
        return [word]
    base = word[len(ARTICLE):] if word.startswith(ARTICLE) and len(word) > len(ARTICLE) + 1 else word
    forms = {word, base, ARTICLE + base, "ل" + base, "لل" + base}
    for proclitic in PROCLITICS:
        forms.update({proclitic + base, proclitic + ARTICLE + base})
    return sorted(forms)


def _word_tsquery(word: str, config: str) -> tuple[str, list[str]]:
    forms = arabic_forms(word)
    if len(forms) == 1:
        return f"plainto_tsquery('{config}'::regconfig, %s)", [word]
    # Only Arabic letters and " | " reach to_tsquery, so nothing in it is tsquery syntax.
    return f"to_tsquery('{config}'::regconfig, %s)", [" | ".join(forms)]


class _Vector(Expression):
    """SQL over an article's ``search_vector_<lang>`` column (not a model field: migration 0003), named
    through the alias the query gives the article table: ``U0`` when the search runs inside a
    subquery (a page of ids), ``articles_article`` otherwise."""

    def __init__(self, template: str, lang: str, params: list[str], output_field):
        super().__init__(output_field=output_field)
        self.template, self.lang, self.params = template, lang, params

    def as_sql(self, compiler, connection):
        vector = f"{compiler.quote_name_unless_alias(compiler.query.base_table)}.{connection.ops.quote_name(f'search_vector_{self.lang}')}"
        return self.template.replace("{vector}", vector), self.params


def search(qs, query: str, lang: str, *, ranked: bool = True):
    text = normalize(query)
    words = text.split()
    if not words:
        return qs
    column = f"search_text_{lang}"
    if connection.vendor == "postgresql":
        parts = [_word_tsquery(word, CONFIGS[lang]) for word in words]
        tsquery = "(" + " && ".join(sql for sql, _params in parts) + ")"
        params = [param for _sql, word_params in parts for param in word_params]
        qs = qs.filter(_Vector("{vector} @@ " + tsquery, lang, params, BooleanField()))
        if ranked:
            qs = qs.annotate(search_rank=_Vector("ts_rank({vector}, " + tsquery + ")", lang, params, FloatField()))
            qs = qs.order_by("-search_rank", "-published_at", "-id")
        return qs
    for word in words:
        qs = qs.filter(**{f"{column}__contains": word})
    return qs
