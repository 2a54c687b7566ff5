"""Settings for the benchmark (``make bench``, ``bench/run.py``): production settings, minus the comment limits.

Everything is ``base`` as deployed (debug off, a secret key from the environment, the response
cache as ``DJANGO_RESPONSE_CACHE`` says), except what would stop a load test from measuring the
code: the comment flood intervals and the DRF throttles are off, ``testserver`` is an allowed host
(the query counts are taken with Django's test client) and the floor view is routed
(``CMS["BENCH_FLOOR"]``, see ``cms/bench_floor.py``).
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "0")

from .base import *  # noqa: E402,F403
from .base import ALLOWED_HOSTS, CMS, REST_FRAMEWORK, env_int  # noqa: E402

DEBUG = False
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "127.0.0.1", "localhost", "testserver"]

CMS = {
    **CMS,
    "COMMENT_MIN_INTERVAL_PER_ADDRESS": 0,
    "COMMENT_MIN_INTERVAL_PER_EMAIL": 0,
    # The floor row: a bare view answering pre-built bytes as large as the article list's answer.
    "BENCH_FLOOR": True,
    "BENCH_FLOOR_BYTES": env_int("DJANGO_BENCH_FLOOR_BYTES", 16_384),
}
# Every scope off: the throttles read their rate when they run (comments/throttles.py) or at
# import (DRF's ScopedRateThrottle), and a rate of None lets every request through.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": dict.fromkeys(REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])}
