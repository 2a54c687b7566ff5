"""The benchmark's floor: the cheapest answer a view of this project can give.

Routed only when ``CMS["BENCH_FLOOR"]`` is set (``cms.settings.bench``). It runs behind the same
middleware, in the same gunicorn workers, as the API, and answers pre-built bytes as large as the
article list's answer (``CMS["BENCH_FLOOR_BYTES"]``, measured by ``bench/run.py``), so the other
rows of a run are compared with what Django itself costs on that machine at that moment.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.http import HttpResponse


@lru_cache(maxsize=4)
def _body(size: int) -> bytes:
    padding = max(size - len(b'{"floor":""}'), 0)
    return b'{"floor":"' + b"x" * padding + b'"}'


def floor(request):
    return HttpResponse(_body(settings.CMS["BENCH_FLOOR_BYTES"]), content_type="application/json")
