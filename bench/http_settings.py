"""Settings for the HTTP benchmarks (bench/http_load.py, bench/server_choices.py,
bench/page_times.py): the site's own, with a URL configuration that adds the middleware
ceiling page.

With DATABASE_URL or REDIS_URL set, production's (as the entry points choose them), over plain
HTTP unless HTTPS is set, as behind a proxy that ends TLS: otherwise every request from the
load generator would be redirected, and the redirect measured instead of the page. Without
them (embedded mode), base's with DEBUG off, as in production.
"""

import os

from halfway.settings import PRODUCTION, default_module

if default_module() == PRODUCTION:
    os.environ.setdefault("HTTPS", "false")
    # Production refuses the public development key. Benchmark databases hold nothing to
    # protect; one fixed key lets every process of a run read the others' sessions.
    os.environ.setdefault("SECRET_KEY", "bench-only-key-public-never-deployed-" + "x" * 20)
    from halfway.settings.production import *  # noqa: F403
else:
    from halfway.settings.base import *  # noqa: F403

    DEBUG = False

# The site's URLs plus /bench/ceiling/<size>/; the site itself never routes there.
ROOT_URLCONF = "bench.http_urls"
