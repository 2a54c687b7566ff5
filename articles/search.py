"""Full-text search over the normalised text of the served language.

Query and text both go through ``cms.arabic.normalize``. PostgreSQL matches the stored,
GIN-indexed ``search_vector_<lang>`` columns (migration 0003) and ranks; other databases match
every word of the query in the stored normalised text.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, FloatField
from django.db.models.expressions import RawSQL

from cms.arabic import normalize

CONFIGS = {"ar": "arabic", "en": "english"}


def search(qs, query: str, lang: str, *, ranked: bool = True):
    text = normalize(query)
    words = text.split()
    if not words:
        return qs
    column = f"search_text_{lang}"
    if connection.vendor == "postgresql":
        vector = f'"articles_article"."search_vector_{lang}"'
        tsquery = f"plainto_tsquery('{CONFIGS[lang]}'::regconfig, %s)"
        qs = qs.filter(RawSQL(f"{vector} @@ {tsquery}", [text], output_field=BooleanField()))
        if ranked:
            qs = qs.annotate(search_rank=RawSQL(f"ts_rank({vector}, {tsquery})", [text], output_field=FloatField()))
            qs = qs.order_by("-search_rank", "-published_at", "-id")
        return qs
    for word in words:
        qs = qs.filter(**{f"{column}__contains": word})
    return qs
