"""Settings for the HTTP load benchmark (bench/http_load.py): the site's base settings, which
the mode follows from the environment as always, with a URL configuration that adds the
benchmark's ceiling page.

Not production.py: that one redirects every request to HTTPS, which a plain-HTTP load
generator would measure instead of the pages. DEBUG is off, as in production.
"""

from halfway.settings.base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# The site's URLs plus /bench/ceiling/<size>/; the site itself never routes there.
ROOT_URLCONF = "bench.http_urls"
