"""Settings for the HTTP load benchmark (bench/http_load.py): production's, with a URL
configuration that adds the middleware ceiling page.

The harness runs them with HTTPS=false, as behind a proxy that ends TLS: otherwise every
plain-HTTP request from the load generator would be redirected, and the redirect measured
instead of the page. Everything else (DEBUG off, PostgreSQL, Redis, the secret key from the
environment) is production's own.
"""

from halfway.settings.production import *  # noqa: F403

# The site's URLs plus /bench/ceiling/<size>/; the site itself never routes there.
ROOT_URLCONF = "bench.http_urls"
