"""A backup of the site: its database and its uploaded media, in one folder.

PostgreSQL goes through pg_dump's custom format and pg_restore (Debian's postgresql-client, of
at least the server's major version), which keep every constraint, index and sequence, unlike
dumpdata. SQLite is copied with its online backup API, so web and worker may keep writing.
Media is a tar archive of MEDIA_ROOT. A restore refuses to mix a backup with what is already
there: it needs an empty database and an empty MEDIA_ROOT.
"""

import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection

POSTGRES_DUMP = "database.pgdump"
SQLITE_COPY = "database.sqlite3"
MEDIA_ARCHIVE = "media.tar"


class BackupError(Exception):
    """Said to the operator, with what to do."""


def _is_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def _postgres_command(program: str) -> tuple[list[str], dict[str, str]]:
    """The client program with the connection of DATABASE_URL (its password in PGPASSWORD,
    never on a command line other users can read)."""
    database = settings.DATABASES["default"]
    command = [program, "--dbname", database["NAME"], "--no-password"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            command += [option, str(database[key])]
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return command, env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is missing: apt-get install postgresql-client")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def back_up(folder: Path) -> list[Path]:
    """Write the database and the media into `folder` (made if missing); return the files."""
    folder.mkdir(parents=True, exist_ok=True)
    if _is_postgres():
        database_file = folder / POSTGRES_DUMP
        command, env = _postgres_command("pg_dump")
        _run([*command, "--format", "custom", "--no-owner", "--file", str(database_file)], env)
    else:
        database_file = folder / SQLITE_COPY
        connection.ensure_connection()
        with sqlite3.connect(database_file) as copy:
            connection.connection.backup(copy)
        copy.close()
    media_file = folder / MEDIA_ARCHIVE
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(media_file, "w") as archive:
        if media_root.exists():
            archive.add(media_root, arcname=".")
    return [database_file, media_file]


def restore(folder: Path) -> None:
    """Load a backup made by back_up() into an empty database and an empty MEDIA_ROOT."""
    media_file = folder / MEDIA_ARCHIVE
    if not media_file.exists():
        raise BackupError(f"{media_file} is missing: is {folder} a backup folder?")
    if not _is_postgres():
        Path(settings.DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    if connection.introspection.table_names():
        raise BackupError(
            "The database is not empty: restore into a new, empty database "
            "(createdb, or a new DATA_DIR)."
        )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"MEDIA_ROOT ({media_root}) is not empty: restore into an empty one.")

    if _is_postgres():
        dump = folder / POSTGRES_DUMP
        if not dump.exists():
            raise BackupError(f"{dump} is missing: was this backup made from SQLite?")
        connection.close()
        command, env = _postgres_command("pg_restore")
        _run([*command, "--no-owner", "--exit-on-error", "--single-transaction", str(dump)], env)
    else:
        copy = folder / SQLITE_COPY
        if not copy.exists():
            raise BackupError(f"{copy} is missing: was this backup made from PostgreSQL?")
        connection.ensure_connection()
        with sqlite3.connect(copy) as source:
            source.backup(connection.connection)
        source.close()
        connection.close()

    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(media_file) as archive:
        archive.extractall(media_root, filter="data")
