"""An operator backs up a site (manage.py backup_site), restores it into an empty database
and an empty media folder (manage.py restore_site), and the restored site serves the same
thread and the same photo. In the suite's mode: PostgreSQL (pg_dump, pg_restore) when
DATABASE_URL is set, else SQLite (its online backup API)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.browser.conftest import (
    ROOT,
    _drop_postgres_database,
    _postgres_url_for,
    _wait_until_healthy,
    free_port,
    site_environment,
    web_process,
)

START_THREAD_WITH_PHOTO = """
import io
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from accounts.models import Member
from forum import services
from forum.models import Category
ann = Member.objects.create_user(username="ann", email="ann@example.com", password="x")
photo = io.BytesIO()
Image.new("RGB", (640, 480), (200, 120, 40)).save(photo, "PNG")
thread = services.start_thread(
    author=ann, category=Category.objects.get(slug="daily-life"), title="备份 and restore",
    body="My cat, kept safe.", region_code="US",
    images=[SimpleUploadedFile("cat.png", photo.getvalue(), content_type="image/png")],
)
print("thread", thread.pk)
"""


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def environment(folder: Path, purpose: str) -> dict:
    folder.mkdir()
    env = site_environment(folder, deepl_url="http://127.0.0.1:9")
    env.pop("REDIS_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    postgres_url = _postgres_url_for(purpose)
    if postgres_url:
        env["DATABASE_URL"] = postgres_url
    return env


def served(env: dict, thread_id: int) -> tuple[str, bytes]:
    """The thread page and its photo, as a web process of this site serves them."""
    port = free_port()
    web = web_process(port, env)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_healthy(url, [web])
        page = requests.get(f"{url}/t/{thread_id}/", timeout=30)
        assert page.status_code == 200
        photo_path = re.search(r'<a href="(/media/[^"]+)"><img', page.text).group(1)
        photo = requests.get(url + photo_path, timeout=30)
        assert photo.status_code == 200
        return page.text, photo.content
    finally:
        web.terminate()
        web.wait(timeout=30)


@pytest.fixture
def sites(tmp_path):
    original = environment(tmp_path / "original", "backup")
    restored = environment(tmp_path / "restored", "restore")
    yield original, restored
    for env in (original, restored):
        if "DATABASE_URL" in env:
            _drop_postgres_database(env["DATABASE_URL"])


def test_a_restored_backup_serves_the_same_thread_and_photo(sites, tmp_path):
    original, restored = sites
    manage(original, "migrate", "--noinput", "-v0")
    manage(original, "collectstatic", "--noinput", "-v0")
    thread_id = int(manage(original, "shell", "-c", START_THREAD_WITH_PHOTO).split()[-1])
    page_before, photo_before = served(original, thread_id)
    assert "备份 and restore" in page_before

    backup = tmp_path / "backup"
    manage(original, "backup_site", str(backup))

    # Into an empty database and an empty media folder: nothing migrated beforehand.
    manage(restored, "restore_site", str(backup))
    manage(restored, "collectstatic", "--noinput", "-v0")
    page_after, photo_after = served(restored, thread_id)
    assert "备份 and restore" in page_after
    assert "My cat, kept safe." in page_after
    assert photo_after == photo_before

    # The restored site is a working site: its migrations are all applied.
    assert "[ ]" not in manage(restored, "showmigrations", "forum", "accounts")


def test_a_restore_refuses_a_database_that_is_not_empty(sites, tmp_path):
    original, _restored = sites
    manage(original, "migrate", "--noinput", "-v0")
    manage(original, "backup_site", str(tmp_path / "backup"))
    result = subprocess.run(
        [sys.executable, "manage.py", "restore_site", str(tmp_path / "backup")],
        cwd=ROOT,
        env=original,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "The database is not empty" in result.stderr
