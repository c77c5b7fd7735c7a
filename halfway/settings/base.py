"""Settings for every mode.

Every environment variable is read here, in one place, with a default that suits the
embedded mode (`make run`). `production.py` hardens these; `test.py` makes them fast.
The mode follows from the environment alone: DATABASE_URL means PostgreSQL, REDIS_URL
means Redis for the broker, channel layer and cache. No app code asks which mode it runs in.
The README's table lists these variables in the order they are read here.
"""

import warnings
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from halfway.settings import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Public on purpose; production.py refuses to start with it.
DEVELOPMENT_SECRET_KEY = "development-only-not-secret-halfway"  # noqa: S105

# --- Core ---------------------------------------------------------------------------------

SECRET_KEY = env.string("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = env.boolean("DEBUG", False)
ALLOWED_HOSTS = env.string_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.string_list("CSRF_TRUSTED_ORIGINS", [])

# Embedded mode keeps its SQLite files, broker folders, cache and mail here.
DATA_DIR = Path(env.string("DATA_DIR", str(BASE_DIR / "var"))).resolve()

# --- Database -----------------------------------------------------------------------------

_database_url = env.optional_string("DATABASE_URL")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=0)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # A small pool per process: under ASGI every request and socket event would otherwise
        # open (and PostgreSQL fork) a new connection (docs/benchmarks.md, chat delivery).
        # While PostgreSQL is down a request waits the pool's whole `timeout` before the 503
        # page (and /healthz) answers: 1.5 s stays inside the container's health check, and a
        # request waiting that long for a connection is better told to retry. connect_timeout
        # (libpq's least is 2 s) bounds each attempt at a host that drops packets.
        DATABASES["default"]["OPTIONS"] = {
            "pool": {"min_size": 1, "max_size": 8, "timeout": 1.5},
            "connect_timeout": 2,
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "halfway.sqlite3"),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web and worker are separate processes sharing one file: WAL lets readers run beside a
    # writer, and IMMEDIATE transactions plus a busy timeout make writers queue for the lock
    # instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, broker, channel layer, cache --------------------------------------------------

REDIS_URL = env.optional_string("REDIS_URL")

CELERY_BROKER_URL = env.string("CELERY_BROKER_URL", REDIS_URL if REDIS_URL else "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    # Without Redis the broker is a folder: the web process writes one file per task and the
    # worker picks it up (about 40 ms at this poll). See docs/architecture.md for the choice.
    _broker_folder = DATA_DIR / "broker"
    # kombu's folder transport, writing each message whole before it appears (core/broker.py).
    CELERY_BROKER_TRANSPORT = "core.broker:Transport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_folder / "queue"),
        "data_folder_out": str(_broker_folder / "queue"),
        "control_folder": str(_broker_folder / "control"),
        "polling_interval": 0.1,
    }
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # A task a killed worker held (acks_late) comes back after this long; kombu's default, an
    # hour, leaves a translation waiting while other workers idle. It must exceed the longest
    # task (CELERY_TASK_TIME_LIMIT) and retry countdown, or Redis hands a task to a second
    # worker while the first still has it (tests/core/test_queues.py checks both).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.integer("CELERY_VISIBILITY_TIMEOUT_SECONDS", 300),
        # A living worker looks for such tasks every 10 s; kombu scans on every 10th look
        # by default, so a task came back up to 100 s later than its timeout.
        "unacked_restore_interval": 10,
        "unacked_restore_throttle": 1,
    }
# Translation has a queue of its own, so a DeepL that hangs holds only translation workers
# and never delays an email or the community counts. A worker started without -Q consumes
# both (make run, the tests' sites); docker-compose.yml runs one worker per queue.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = {"celery": {}, "translation": {}}
CELERY_TASK_ROUTES = {"translation.tasks.*": {"queue": "translation"}}
# Periodic jobs (`celery -A halfway beat`, or `worker -B` embedded): DeepL's usage figure is
# read by a worker, never by a page; a glossary DeepL has not taken yet is sent again.
CELERY_BEAT_SCHEDULE = {
    "record-deepl-usage": {"task": "translation.tasks.record_deepl_usage", "schedule": 600},
    # Each member's summary is a day apart; the hourly look finds whose day is over.
    "daily-summaries": {"task": "forum.tasks.send_daily_summaries", "schedule": 3600},
    "bookmark-reminders": {"task": "forum.tasks.send_due_reminders", "schedule": 60},
    # What a member has not read AWAY_EMAIL_DELAY_MINUTES after it came is looked for each
    # minute; each member's digest is a week apart, found by an hourly look.
    "away-emails": {"task": "forum.tasks.send_away_emails", "schedule": 60},
    "weekly-digests": {"task": "forum.tasks.send_weekly_digests", "schedule": 3600},
    "sync-glossary": {"task": "translation.tasks.sync_glossary", "schedule": 300},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Sending a task while the broker is down gives up after about a second (core/queueing.py
# tells the member), rather than holding the request through kombu's longer defaults.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90

CHANNEL_LAYER_PREFIX = env.string("CHANNEL_LAYER_PREFIX", "halfway")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 reads with a 5 s socket timeout, and the layer's blocking pop waits
                # up to 5 s on an idle socket: without more, every quiet WebSocket is torn down.
                # Its pools refuse a 101st connection at once; hundreds of sockets joining
                # groups together need more (Redis itself allows 10,000 clients).
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15, "max_connections": 1000}],
                "prefix": CHANNEL_LAYER_PREFIX,
                # channels-redis counts its capacity per process inbox (one Redis list for all
                # of a web process's sockets), not per socket: the default of 100 drops events
                # in a busy process. Memory stays bounded by the expiry (60 s); a page still
                # notices a drop through its event numbers (core/event_log.py).
                "capacity": 20_000,
            },
        }
    }
    REALTIME_EVENT_LOG = {
        "BACKEND": "core.event_log.RedisEventLog",
        "OPTIONS": {"url": REDIS_URL, "prefix": CHANNEL_LAYER_PREFIX},
    }
    CACHES = {
        "default": {
            # django-redis: one redis.Redis per process and thread, on a pool per URL.
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CHANNEL_LAYER_PREFIX,
            # A Redis host that is gone (not refusing) must not hold a request for long.
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 2},
        }
    }
    # Everything kept in the cache can be done without for a while, so a Redis that is down
    # answers misses (get: the default, add/incr/set: None) instead of raising, and is logged
    # once per 10 s (core/log_filters.py), not once per operation.
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "core.channel_layer.SQLiteChannelLayer",
            "CONFIG": {"path": str(DATA_DIR / "channels.sqlite3"), "poll_interval": 0.05},
        }
    }
    REALTIME_EVENT_LOG = {
        "BACKEND": "core.event_log.SQLiteEventLog",
        "OPTIONS": {"path": str(DATA_DIR / "events.sqlite3")},
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }

# Template fragments keyed by everything they show ({% cache … using="fragments" %}) are the
# same in every process: each process keeps its own, and reading one costs no round trip.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "OPTIONS": {"MAX_ENTRIES": 10_000},
}

# Signed-out pages and shared values are cached at most this long (core/caching.py); 0: never.
PAGE_CACHE_SECONDS = env.integer("PAGE_CACHE_SECONDS", 30)
# Names the release in every cache key; by default a digest of the code, templates and catalogs.
RELEASE = env.string("RELEASE", "")

# --- Files --------------------------------------------------------------------------------

MEDIA_ROOT = Path(env.string("MEDIA_ROOT", str(DATA_DIR / "media"))).resolve()
MEDIA_URL = "/media/"
STATIC_ROOT = Path(env.string("STATIC_ROOT", str(BASE_DIR / "staticfiles"))).resolve()
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Served at the site's root, unhashed: the web app manifest, its icons, the service worker
# (its scope is the folder it is served from) and the offline page it keeps.
WHITENOISE_ROOT = BASE_DIR / "public"
WHITENOISE_MIMETYPES = {".webmanifest": "application/manifest+json"}
# Uploads go to MEDIA_ROOT, or to an S3-compatible bucket when one is named, so that web
# processes on several hosts share them. The bucket stays private: every file is read through
# halfway.views.media, which checks who may see it (core/storage.py).
MEDIA_S3_BUCKET = env.optional_string("MEDIA_S3_BUCKET")
MEDIA_S3_ENDPOINT_URL = env.optional_string("MEDIA_S3_ENDPOINT_URL")
MEDIA_S3_REGION = env.optional_string("MEDIA_S3_REGION")
MEDIA_S3_ACCESS_KEY_ID = env.optional_string("MEDIA_S3_ACCESS_KEY_ID")
MEDIA_S3_SECRET_ACCESS_KEY = env.optional_string("MEDIA_S3_SECRET_ACCESS_KEY")
if MEDIA_S3_BUCKET:
    MEDIA_STORAGE = {
        "BACKEND": "core.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": MEDIA_S3_ENDPOINT_URL,
            "region_name": MEDIA_S3_REGION,
            # Without a key pair, boto3 finds credentials its own way (an instance role).
            "access_key": MEDIA_S3_ACCESS_KEY_ID,
            "secret_key": MEDIA_S3_SECRET_ACCESS_KEY,
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads larger than this are refused before Pillow ever opens them.
MAX_UPLOAD_BYTES = env.integer("MAX_UPLOAD_BYTES", 8 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Email --------------------------------------------------------------------------------

globals().update(env.email_backend("EMAIL_URL", "file://" + str(DATA_DIR / "mail")))
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "Halfway <hello@halfway.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address as members reach it, for links in e-mails the worker writes (no request
# to build them from).
SITE_URL = env.string("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Replies, mentions and chat messages still unread this long after they came are e-mailed,
# at most one e-mail per thread or conversation in each such window.
AWAY_EMAIL_DELAY_MINUTES = env.integer("AWAY_EMAIL_DELAY_MINUTES", 15)
# Characters of titles the e-mails may send DeepL in a day (titles not translated yet); past
# it, e-mails show the original title alone. (characters, per seconds)
EMAIL_TRANSLATION_LIMIT = (env.integer("EMAIL_TRANSLATION_CHARACTERS_PER_DAY", 100_000), 86400)

# --- Translation (DeepL) ------------------------------------------------------------------

DEEPL_AUTH_KEY = env.optional_string("DEEPL_AUTH_KEY")
DEEPL_SERVER_URL = env.optional_string("DEEPL_SERVER_URL")
# How long one call to DeepL may take before the task gives up on it and retries later with
# backoff (the client does not retry): a DeepL that does not answer holds a translation
# worker this long per attempt.
DEEPL_TIMEOUT_SECONDS = 8.0
# Translations a member may ask for that are not in the cache yet: (requests, per seconds).
TRANSLATION_RATE_LIMIT = (40, 600)
# Better translations a member may suggest: (suggestions, per seconds).
TRANSLATION_SUGGESTION_RATE_LIMIT = (20, 3600)

# --- Regions ------------------------------------------------------------------------------

# Addresses (or networks, as 10.0.0.0/8) of reverse proxies whose X-Forwarded-For is believed.
TRUSTED_PROXIES = env.string_list("TRUSTED_PROXIES", [])

# --- HTTPS --------------------------------------------------------------------------------

# Production serves HTTPS behind a proxy that terminates TLS and sets X-Forwarded-Proto.
HTTPS = env.boolean("HTTPS", False)

LOG_LEVEL = env.string("LOG_LEVEL", "INFO")

# --- Django -------------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "django_htmx",
    "allauth",
    "allauth.account",
    "core",
    "halfway",
    "regions",
    "accounts",
    "translation",
    "forum",
    "chat",
    "moderation",
    "community",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "regions.middleware.ClientRegionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.caching.RequestCacheMiddleware",
    "accounts.middleware.PreferredLanguageMiddleware",
    # Hostile requests get the site's 400 or 413 page, in the reader's language.
    "core.middleware.RefuseNulCharactersMiddleware",
    "core.middleware.RequestTooLargeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "moderation.standing.StandingMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "halfway.urls"
ASGI_APPLICATION = "halfway.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "core.context_processors.realtime",
                "forum.context_processors.notifications",
                "chat.context_processors.unread_messages",
                "moderation.context_processors.moderation_role",
                # Last: it replaces the CSRF token while a page is rendered for the cache.
                "core.caching.csrf_mark",
            ],
        },
    },
]

# Widgets rendered by Jinja2, the admin's by Django's engine (core/renderers.py).
FORM_RENDERER = "core.renderers.WidgetRenderer"

AUTH_USER_MODEL = "accounts.Member"
AUTHENTICATION_BACKENDS = [
    # allauth's, with the signed-in member read from the cache (accounts/member_cache.py).
    "accounts.backends.MemberBackend",
    # Sessions opened before MemberBackend name one of these two, and Django serves a session
    # only while its backend is listed. They go once those sessions have expired
    # (SESSION_COOKIE_AGE, 30 days after the release that added MemberBackend).
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# blob: for the thumbnails of photos chosen before posting (static/js/photos.js): such an
# address names a file the page itself holds, never one from elsewhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
# Sessions are read from the cache (one Redis round trip, no query) and written to both: the
# database keeps them through a cache that is flushed, restarted or away. Django saves a session
# only when a request changed it.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# A form sent without its token gets a page that says what happened and what to do.
CSRF_FAILURE_VIEW = "halfway.views.csrf_failure"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- Accounts (django-allauth) ------------------------------------------------------------

ACCOUNT_ADAPTER = "moderation.standing.StandingAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USERNAME_MIN_LENGTH = 2
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Halfway] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
# allauth's rate limits (failed logins, sign-ups, resets, email sends) stay at their defaults.

# --- Internationalisation -----------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "halfway_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# Member-facing names of the languages members speak and learn (codes as DeepL uses them).
MEMBER_LANGUAGES = [
    ("en", _("English")),
    ("zh", _("Chinese")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("fr", _("French")),
    ("de", _("German")),
    ("ja", _("Japanese")),
    ("ko", _("Korean")),
]

# --- Logging ------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "without_refusal_traceback": {
            "()": "django.utils.log.CallbackFilter",
            "callback": "ext://core.log_filters.without_refusal_traceback",
        },
        "cache_unreachable": {"()": "core.log_filters.CacheUnreachable"},
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["without_refusal_traceback"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # django-redis logs every operation it answers without Redis.
        "django_redis.cache": {"filters": ["cache_unreachable"]},
    },
}

# Under ASGI, Django reads whitenoise's synchronous file iterators in a thread and warns about
# each through `warnings` (not logging). The files are small; remove this once whitenoise
# serves files asynchronously.
warnings.filterwarnings(
    "ignore", message="StreamingHttpResponse must consume synchronous iterators", category=Warning
)

# --- Web push -----------------------------------------------------------------------------

# VAPID keys (the public one in URL-safe base64, the private one as `vapid --gen` writes its
# raw key, base64): a member's notifications go to the devices they turned push on for. Without
# them no device is offered push.
VAPID_PUBLIC_KEY = env.string("VAPID_PUBLIC_KEY", "")
VAPID_PRIVATE_KEY = env.string("VAPID_PRIVATE_KEY", "")
VAPID_SUBJECT = env.string("VAPID_SUBJECT", "mailto:hello@halfway.localhost")
# Push services are https; a test site adds "http" for its fake service on loopback.
PUSH_ENDPOINT_SCHEMES = tuple(env.string_list("PUSH_ENDPOINT_SCHEMES", ["https"]))

# --- Chat ---------------------------------------------------------------------------------

# Messages a member may send: (messages, per seconds).
CHAT_MESSAGE_RATE_LIMIT = (30, 60)
# Drafts are saved as a member pauses in typing: a fast typist pauses about once a second.
DRAFT_RATE_LIMIT = (120, 60)
# Conversations a member may start (one-to-one or groups): (conversations, per seconds).
CHAT_NEW_CONVERSATION_LIMIT = (20, 24 * 3600)

# --- Moderation ---------------------------------------------------------------------------

# Reports a member may file: (reports, per seconds).
MODERATION_REPORT_RATE_LIMIT = (10, 3600)

# Off (`false`) lifts the new-member limits and the posting, replying and reacting limits
# below, for scripted imports and the browser tests' site; watched words always apply.
MODERATION_POSTING_LIMITS = env.boolean("MODERATION_POSTING_LIMITS", True)

# A member is new for their first hours and until this many of their posts are approved
# (not held, hidden or deleted), like Discourse's first day and trust level 0.
MODERATION_NEW_MEMBER_HOURS = 24
MODERATION_NEW_MEMBER_APPROVED_POSTS = 3
# In those first hours: threads and replies a member may post in all (Discourse: 3 and 10).
MODERATION_FIRST_DAY_THREADS = 3
MODERATION_FIRST_DAY_REPLIES = 10
# New members: posts an hour, and the pause between two posts (Discourse: 30 s).
MODERATION_NEW_MEMBER_POSTS_PER_HOUR = 6
MODERATION_NEW_MEMBER_SECONDS_BETWEEN_POSTS = 30
# New members, in one post: links and @mentions (Discourse: 2 each), and photos (a few:
# sharing one's cat and town is the point; an introduction may still have nine).
MODERATION_NEW_MEMBER_LINKS_PER_POST = 2
MODERATION_NEW_MEMBER_MENTIONS_PER_POST = 2
MODERATION_NEW_MEMBER_IMAGES_PER_POST = 4
# A new member's post with a link waits for a moderator's approval (link spam's first try).
MODERATION_HOLD_NEW_MEMBER_LINKS = True
# New members: chat conversations (one-to-one or groups) they may start a day.
MODERATION_NEW_MEMBER_CONVERSATIONS_PER_DAY = 3

# Everyone but moderators: the pause between two posts (stops a runaway script, not a
# person; Discourse: 5 s), threads a day (Discourse: 20), replies an hour, and reactions a
# day (Discourse: 50 likes, up to 150 with trust).
MODERATION_SECONDS_BETWEEN_POSTS = 5
MODERATION_THREADS_PER_DAY = 20
MODERATION_REPLIES_PER_HOUR = 60
MODERATION_REACTIONS_PER_DAY = 100
