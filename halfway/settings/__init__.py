"""Settings modules: `base` (every variable, embedded defaults), `production`, `test`."""

import os

PRODUCTION = "halfway.settings.production"
BASE = "halfway.settings.base"


def default_module() -> str:
    """The settings module an entry point uses when DJANGO_SETTINGS_MODULE is not set.

    Production's as soon as the environment names production services (DATABASE_URL or
    REDIS_URL): a deployment made without DJANGO_SETTINGS_MODULE is then hardened (HTTPS,
    HSTS, secure cookies) and refuses the public development key, instead of running open and
    quietly. `make run` sets neither and gets base; running base against PostgreSQL or Redis
    (benchmarks, the browser tests' site) is a choice made by naming it.
    """
    if os.environ.get("DATABASE_URL") or os.environ.get("REDIS_URL"):
        return PRODUCTION
    return BASE
