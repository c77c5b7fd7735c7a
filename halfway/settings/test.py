"""Tests: the embedded or production path (by the same variables), made fast."""

import os
import secrets
import tempfile
from pathlib import Path

from halfway.settings.base import *  # noqa: F403
from halfway.settings.base import (
    CACHES,
    CHANNEL_LAYERS,
    DATABASES,
    REALTIME_EVENT_LOG,
    REDIS_URL,
)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Unit tests run tasks in-process; the browser tests' server has a real worker and broker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Tests read templates and static files from the source tree without collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tests post, reply and react many times a second as members who joined a moment ago: the
# limits for new members and posting rates are off unless a test turns them on
# (tests/moderation).
MODERATION_POSTING_LIMITS = False
# Tests change data with the ORM and read the pages again at once; signed-out pages and search
# results are kept only in the tests of that cache (tests/halfway/test_page_cache.py).
PAGE_CACHE_SECONDS = 0

# One name per run of the suite, shared by its parallel processes (pytest-xdist starts them
# with the environment of the process that imported this first), so two runs on one machine
# (two checkouts, or CI beside a developer) never share a database, a Redis key or a folder.
TEST_RUN = os.environ.setdefault("HALFWAY_TEST_RUN", secrets.token_hex(4))
_worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
TEST_PROCESS = f"{TEST_RUN}_{_worker}"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # pytest-django adds the xdist worker to this: test_halfway_<run>_gw0.
    DATABASES["default"]["TEST"] = {"NAME": f"test_halfway_{TEST_RUN}"}
if REDIS_URL:
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = f"halfway-test-{TEST_PROCESS}"
    CACHES["default"]["KEY_PREFIX"] = f"halfway-test-{TEST_PROCESS}"
    REALTIME_EVENT_LOG["OPTIONS"]["prefix"] = f"halfway-test-{TEST_PROCESS}"
    # The production cache answers a miss when Redis is slower than 2 s (SOCKET_TIMEOUT): on
    # a loaded machine that turned into rate limits let through and extra queries counted.
    # Tests wait for Redis instead; the fault tests' sites keep production's timeouts.
    CACHES["default"]["OPTIONS"] = {"SOCKET_CONNECT_TIMEOUT": 30, "SOCKET_TIMEOUT": 30}

# Each test process keeps its own embedded files (channel layer, cache, media, broker), so
# parallel processes never see each other's groups or uploads.
DATA_DIR = Path(os.environ.get("HALFWAY_TEST_DIR") or tempfile.gettempdir()) / (
    f"halfway-test-{TEST_PROCESS}"
)
MEDIA_ROOT = DATA_DIR / "media"
if not REDIS_URL:
    CHANNEL_LAYERS["default"]["CONFIG"]["path"] = str(DATA_DIR / "channels.sqlite3")
    REALTIME_EVENT_LOG["OPTIONS"]["path"] = str(DATA_DIR / "events.sqlite3")
    CACHES["default"]["LOCATION"] = str(DATA_DIR / "cache")
    # The file cache drops a third of its entries at random once it holds 300 (Django's
    # default): a test that writes hundreds of rows would lose a member's kept answers at
    # random, and count their queries. Each test starts with an empty cache anyway.
    CACHES["default"]["OPTIONS"] = {"MAX_ENTRIES": 100_000}

# The tests' fake push service listens on loopback, without TLS.
PUSH_ENDPOINT_SCHEMES = ("https", "http")
