"""`manage.py backup_site FOLDER`: the database and the uploaded media (core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into FOLDER (restore with restore_site)."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        try:
            files = backup.back_up(folder)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        for path in files:
            self.stdout.write(f"wrote {path} ({path.stat().st_size} bytes)")
