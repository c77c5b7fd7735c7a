"""Production settings, and the README table of environment variables."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "halfway.settings.production",
    "SECRET_KEY": "k3V9q-this-is-a-long-random-production-key-0123456789-abcdefghij",
    "DATABASE_URL": "postgres://halfway@db:5432/halfway",
    "REDIS_URL": "redis://redis:6379/0",
    "ALLOWED_HOSTS": "halfway.example",
    "CSRF_TRUSTED_ORIGINS": "https://halfway.example",
}


def manage(*args, env):
    clean = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ENV}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


@pytest.mark.parametrize(
    ("override", "complaint"),
    [
        ({"SECRET_KEY": "development-only-not-secret-halfway"}, "own SECRET_KEY"),
        ({"SECRET_KEY": ""}, "own SECRET_KEY"),
        ({"DATABASE_URL": ""}, "DATABASE_URL"),
        ({"REDIS_URL": ""}, "REDIS_URL"),
        ({"DEBUG": "yes"}, "DEBUG must be 'true' or 'false'"),
    ],
)
def test_production_refuses_to_start_misconfigured(override, complaint):
    result = manage("check", env={**PRODUCTION_ENV, **override})
    assert result.returncode != 0
    assert complaint in result.stderr


def variables_read_by_settings() -> list[str]:
    names = []
    for module in ("base.py", "production.py"):
        source = (ROOT / "halfway" / "settings" / module).read_text()
        for name in re.findall(r"env\.\w+\(\s*\"([A-Z_]+)\"", source):
            if name not in names:
                names.append(name)
    return names


def variables_in_readme() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    return re.findall(r"^\| `([A-Z_]+)` \|", readme, flags=re.MULTILINE)


def test_the_readme_documents_every_environment_variable_in_order():
    assert variables_in_readme() == variables_read_by_settings()


def test_two_runs_of_the_suite_share_no_database_folder_or_redis_key(settings, db):
    """Two checkouts testing at once on one machine (or CI beside a developer) must not drop
    each other's test database, empty each other's cache or read each other's uploads."""
    from django.db import connection

    run = os.environ["HALFWAY_TEST_RUN"]
    assert run == settings.TEST_RUN
    assert run in settings.DATA_DIR.name
    assert str(settings.MEDIA_ROOT).startswith(str(settings.DATA_DIR))
    if connection.vendor == "postgresql":
        assert run in connection.settings_dict["NAME"]
    if settings.REDIS_URL:
        assert run in settings.CACHES["default"]["KEY_PREFIX"]
        assert run in settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"]
