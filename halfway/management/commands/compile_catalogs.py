"""Compile the message catalogs without GNU gettext (a fresh machine has only Python)."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile every locale/*/LC_MESSAGES/*.po into a .mo file beside it."

    def handle(self, *args, **options):
        for locale_path in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")):
                with po_path.open("rb") as po_file:
                    catalog = read_po(po_file, locale=po_path.parent.parent.name)
                mo_path = po_path.with_suffix(".mo")
                with mo_path.open("wb") as mo_file:
                    # Fuzzy entries stay out, as with msgfmt: a guess is worse than English.
                    write_mo(mo_file, catalog, use_fuzzy=False)
                self.stdout.write(f"compiled {po_path.relative_to(settings.BASE_DIR)}")
