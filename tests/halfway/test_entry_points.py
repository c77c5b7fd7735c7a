"""Which settings each entry point uses when DJANGO_SETTINGS_MODULE is not set: base for
`make run`, production's hardening as soon as production services are named."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {
    "DATABASE_URL": "postgres://halfway@db:5432/halfway",
    "REDIS_URL": "redis://redis:6379/0",
}
OWN_KEY = {"SECRET_KEY": "k3V9q-this-is-a-long-random-production-key-0123456789-abcdefghij"}
SHOW_SETTINGS = (
    "from django.conf import settings; "
    "print(settings.SETTINGS_MODULE, settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE)"
)
# How each process of a deployment starts: the web server, the worker, and manage.py.
ENTRY_POINTS = {
    "halfway.asgi (uvicorn)": "import halfway.asgi; " + SHOW_SETTINGS,
    "halfway.wsgi (gunicorn)": "import halfway.wsgi; " + SHOW_SETTINGS,
    "halfway.celery (worker)": "import django; from halfway.celery import app; django.setup(); "
    + SHOW_SETTINGS,
    "manage.py": None,
}


def start(entry_point: str, env: dict) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "SECRET_KEY")
        and not key.startswith(("PYTEST", "HALFWAY_"))
    }
    code = ENTRY_POINTS[entry_point]
    command = ["manage.py", "shell", "-v0", "-c", SHOW_SETTINGS] if code is None else ["-c", code]
    return subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("entry_point", ENTRY_POINTS)
def test_without_services_an_entry_point_uses_the_base_settings(entry_point, tmp_path):
    result = start(entry_point, {"DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["halfway.settings.base", "False", "False"]


@pytest.mark.parametrize("entry_point", ENTRY_POINTS)
def test_with_production_services_an_entry_point_is_hardened(entry_point):
    result = start(entry_point, {**SERVICES, **OWN_KEY})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["halfway.settings.production", "True", "True"]


@pytest.mark.parametrize("entry_point", ENTRY_POINTS)
def test_with_production_services_the_development_key_is_refused(entry_point):
    result = start(entry_point, SERVICES)
    assert result.returncode != 0
    assert "own SECRET_KEY" in result.stderr


def test_naming_the_base_settings_keeps_them_against_production_services():
    result = start("manage.py", {**SERVICES, "DJANGO_SETTINGS_MODULE": "halfway.settings.base"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "halfway.settings.base"


def test_the_readme_says_which_settings_each_entry_point_uses():
    readme = (ROOT / "README.md").read_text()
    assert "`DJANGO_SETTINGS_MODULE`" in readme
    for entry_point in ("`manage.py`", "`halfway.asgi`", "`halfway.wsgi`", "`halfway.celery`"):
        assert entry_point in readme.split("## Settings modules")[1].split("\n## ")[0]
