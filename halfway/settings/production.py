"""Production: PostgreSQL, Redis, HTTPS behind a proxy. `check --deploy` is clean here."""

from django.core.exceptions import ImproperlyConfigured

from halfway.settings import env
from halfway.settings.base import *  # noqa: F403
from halfway.settings.base import DATABASES, DEVELOPMENT_SECRET_KEY, REDIS_URL, SECRET_KEY

if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "Production needs its own SECRET_KEY (50 or more random characters); "
        "the development key is public."
    )
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Production needs DATABASE_URL pointing at PostgreSQL.")
if not REDIS_URL:
    raise ImproperlyConfigured("Production needs REDIS_URL (broker, channel layer, cache).")

DEBUG = False
# The container's own health check asks for http://localhost/healthz. A forged
# "Host: localhost" could at worst put localhost in a link mailed to the forger.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "localhost"]
HTTPS = env.boolean("HTTPS", True)

# TLS ends at the proxy in front of the ASGI servers, which says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
# Health checks come from inside the network over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
# Links in e-mails the worker writes: the first host the site answers to, unless set.
SITE_URL = env.string("SITE_URL", f"{ACCOUNT_DEFAULT_HTTP_PROTOCOL}://{ALLOWED_HOSTS[0]}")
SITE_URL = SITE_URL.rstrip("/")
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a one-way commitment for the whole domain; operators opt in themselves.
    "security.W021",
]
