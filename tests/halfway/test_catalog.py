"""The Chinese catalog is complete: no string a member reads falls back to English."""

import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def read_catalog(path: Path):
    with path.open("rb") as po_file:
        return read_po(po_file)


def test_every_entry_is_translated_and_none_is_fuzzy():
    catalog = read_catalog(CATALOG)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        elif not all(strings):
            problems.append(f"empty: {message.id!r}")
    assert problems == []


def test_the_catalog_holds_every_string_in_the_code(tmp_path):
    """Run makemessages on a copy of the code and compare: a new string must be translated."""
    apps = [path.parent.name for path in ROOT.glob("*/apps.py")]
    for folder in [*apps, "templates", "locale"]:
        shutil.copytree(
            ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete", "-v0"],
        cwd=tmp_path,
        check=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "halfway.settings.test"},
    )
    extracted = {m.id for m in read_catalog(tmp_path / CATALOG.relative_to(ROOT)) if m.id}
    committed = {m.id for m in read_catalog(CATALOG) if m.id}
    assert sorted(map(str, extracted - committed)) == []
