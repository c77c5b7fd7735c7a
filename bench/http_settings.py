"""Settings for the HTTP load benchmark (bench/http_load.py) and bench/page_times.py: the
site's own, with a URL configuration that adds the middleware ceiling page.

With DATABASE_URL or REDIS_URL set, production's (as the entry points choose them), which
bench/http_load.py runs with HTTPS=false, as behind a proxy that ends TLS: otherwise every
plain-HTTP request from the load generator would be redirected, and the redirect measured
instead of the page. Without them (embedded mode, bench/page_times.py on SQLite), base's with
DEBUG off, as in production.
"""

from halfway.settings import PRODUCTION, default_module

if default_module() == PRODUCTION:
    from halfway.settings.production import *  # noqa: F403
else:
    from halfway.settings.base import *  # noqa: F403

    DEBUG = False

# The site's URLs plus /bench/ceiling/<size>/; the site itself never routes there.
ROOT_URLCONF = "bench.http_urls"
