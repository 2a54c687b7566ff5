"""DRF throttles for comment submission and reports, counted in the default cache (Redis when REDIS_URL is set)."""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from cms.api.client import client_ip


class AddressRateThrottle(SimpleRateThrottle):
    """``scope``'s rate per client address (DJANGO_NUM_PROXIES trusted proxies).

    The rate is read from settings on every request, not at import as DRF does, so a changed
    setting applies at once; a rate of ``0/...`` (or none) turns the throttle off.
    """

    def get_rate(self):
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        if not rate or int(rate.split("/", 1)[0]) == 0:
            return None
        return rate

    def get_ident(self, request) -> str:
        return client_ip(request) or "unknown"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class CommentSubmitThrottle(AddressRateThrottle):
    scope = "comment_submit"


class CommentReportThrottle(AddressRateThrottle):
    scope = "comment_report"
