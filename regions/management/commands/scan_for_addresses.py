"""`manage.py scan_for_addresses [--log FILE ...] [--address A ...]`: exit 1 if any is found."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from regions.scan import scan_database, scan_files


class Command(BaseCommand):
    help = "Look for IP addresses in every text column of the database and in log files."

    def add_arguments(self, parser):
        parser.add_argument("--log", action="append", default=[], help="a log file to scan too")
        parser.add_argument(
            "--address", action="append", default=[], help="also report this address"
        )
        parser.add_argument("--skip-database", action="store_true")

    def handle(self, *args, log, address, skip_database, **options):
        looked_for = frozenset(address)
        findings = [] if skip_database else list(scan_database(looked_for=looked_for))
        findings += list(scan_files([Path(path) for path in log], looked_for=looked_for))
        for finding in findings[:50]:
            self.stdout.write(f"{finding.address}\t{finding.where}")
        if findings:
            raise CommandError(f"{len(findings)} IP addresses found (first 50 listed)")
        places = "the database" if not skip_database else ""
        if log:
            places += (" and " if places else "") + f"{len(log)} log files"
        self.stdout.write(f"No IP address found in {places}.")
