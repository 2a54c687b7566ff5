"""The demo reader: Django hands out the same index.html for every reader route; the page then
reads everything from the public API (see reader/)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404

READER_DIR = Path(settings.BASE_DIR) / "reader"


def reader_index(request, *args, **kwargs):
    index = READER_DIR / "index.html"
    if not index.is_file():
        raise Http404("The reader is not installed.")
    response = FileResponse(index.open("rb"), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
