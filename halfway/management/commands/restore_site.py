"""`manage.py restore_site FOLDER`: a backup_site folder into an empty database and MEDIA_ROOT."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = "Restore a backup_site FOLDER into an empty database and an empty MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        try:
            backup.restore(folder)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"restored {folder}")
