"""Compile the .po catalogues to .mo with babel, so that no gettext install is needed."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def catalogue_dirs() -> list[Path]:
    dirs = [Path(p) for p in settings.LOCALE_PATHS]
    dirs += sorted(Path(settings.BASE_DIR, "amity").glob("*/locale"))
    return [d for d in dirs if d.is_dir()]


class Command(BaseCommand):
    help = "Compile every locale/*/LC_MESSAGES/django.po of the project to .mo (with babel)."

    def handle(self, *args, **options):
        count = 0
        for base in catalogue_dirs():
            for po_path in sorted(base.glob("*/LC_MESSAGES/*.po")):
                with po_path.open("rb") as f:
                    try:
                        catalog = read_po(f, abort_invalid=True)
                    except Exception as exc:  # babel raises its own PoFileError
                        raise CommandError(f"{po_path}: {exc}") from exc
                with po_path.with_suffix(".mo").open("wb") as f:
                    write_mo(f, catalog, use_fuzzy=False)
                count += 1
        self.stdout.write(f"Compiled {count} catalogues.")
