"""The demo reader: Django hands out the same index.html for every reader route; the page then
reads everything from the public API (see reader/).

Its scripts and stylesheet are served here too, from an allow-list of file names, so the reader
works the same with DJANGO_DEBUG on or off and needs no collectstatic. Every response is
revalidated (``no-cache``, answered with a 304 while the file is unchanged), so an edited file
shows on the next load with no build step or cache busting.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

READER_DIR = Path(settings.BASE_DIR) / "reader"
INDEX = "index.html"
# Every file the reader is made of, and nothing else: no path from the URL reaches the disk.
ASSETS = {
    "app.js": "text/javascript; charset=utf-8",
    "comments.js": "text/javascript; charset=utf-8",
    "dom.js": "text/javascript; charset=utf-8",
    "i18n.js": "text/javascript; charset=utf-8",
    "views.js": "text/javascript; charset=utf-8",
    "style.css": "text/css; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}
# The page only ever talks to this origin; the one HTML it inserts (sanitised `body` fields) can
# carry images, which may live on another host.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' https: http:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def _serve(request, name: str, content_type: str):
    path = READER_DIR / name
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise Http404("The reader is not installed.") from None
    etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
    last_modified = int(stat.st_mtime)
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = FileResponse(path.open("rb"), content_type=content_type)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "no-cache"
    return response


def reader_index(request, *args, **kwargs):
    """index.html for every reader route (the route itself is read by the page's script)."""
    response = _serve(request, INDEX, "text/html; charset=utf-8")
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return response


def reader_asset(request, name: str):
    """One of the reader's scripts or its stylesheet, by name from ASSETS."""
    content_type = ASSETS.get(name)
    if content_type is None:
        raise Http404("No such reader file.")
    return _serve(request, name, content_type)
