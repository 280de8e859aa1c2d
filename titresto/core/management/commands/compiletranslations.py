"""Compiles the .po catalogs to .mo with polib, so a fresh machine needs no gettext tools.

It also writes the French catalog of plurals. Our msgids are French, so French needs no
translation, except for plurals: without a French catalog gettext counts like English
(« 0 bénéficiaires »), while French puts 0 and 1 in the singular (« 0 bénéficiaire »). The
French .mo is built from the English catalog's plural entries (the English catalog holds every
string, a test sees to it) with French's plural rule, each entry translated by itself: no
French .po to keep by hand.
"""

from pathlib import Path
from typing import Any

import polib  # type: ignore[import-untyped]
from django.conf import settings
from django.core.management.base import BaseCommand

FRENCH_PLURALS = "nplurals=2; plural=(n > 1);"


def french_plurals(english: polib.POFile) -> polib.POFile:
    catalog = polib.POFile()
    catalog.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": "fr",
        "Plural-Forms": FRENCH_PLURALS,
    }
    for entry in english:
        if entry.msgid_plural and not entry.obsolete:
            catalog.append(
                polib.POEntry(
                    msgctxt=entry.msgctxt,
                    msgid=entry.msgid,
                    msgid_plural=entry.msgid_plural,
                    msgstr_plural={0: entry.msgid, 1: entry.msgid_plural},
                )
            )
    return catalog


def _stale(target: Path, source: Path) -> bool:
    return not target.exists() or target.stat().st_mtime < source.stat().st_mtime


class Command(BaseCommand):
    help = "Compile the translation catalogs (.po → .mo) without gettext."

    def handle(self, *args: Any, **options: Any) -> None:
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if _stale(mo_path, po_path):
                    polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                    self.stdout.write(f"compiled {mo_path.relative_to(settings.BASE_DIR.parent)}")
            english = Path(locale_dir) / "en" / "LC_MESSAGES" / "django.po"
            french = Path(locale_dir) / "fr" / "LC_MESSAGES" / "django.mo"
            if english.exists() and _stale(french, english):
                french.parent.mkdir(parents=True, exist_ok=True)
                french_plurals(polib.pofile(str(english))).save_as_mofile(str(french))
                self.stdout.write(f"compiled {french.relative_to(settings.BASE_DIR.parent)}")
