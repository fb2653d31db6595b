"""Translations: gettext catalogs (.po, edited as text) compiled in memory with Babel, one per language."""

from __future__ import annotations

import gettext
from collections.abc import Callable
from datetime import date
from functools import cache
from io import BytesIO
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "toolassess"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of `lang` (English is the source language: no catalog)."""
    po_path = LOCALE_DIR / lang / f"{DOMAIN}.po"
    if lang == "en" or not po_path.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo  # imported here: only non-English output pays for it
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def N_(message: str) -> str:
    """Mark a message for translation where it is defined; `_()` translates it where it is shown."""
    return message


def colon(lang: str) -> str:
    """The colon as the language writes it: French sets a narrow no-break space before it."""
    return "\u202f:" if lang == "fr" else ":"


def semicolon(lang: str) -> str:
    """The separator of the items of a list, as the language writes it ("a ; b" in French, "a; b" in English)."""
    return "\u202f; " if lang == "fr" else "; "


def short_date(day: date, lang: str) -> str:
    """A date as the language writes it in running text: 28/04/2025 in French, Apr 28, 2025 in English."""
    from babel.dates import format_date

    return format_date(day, format="short" if lang == "fr" else "medium", locale=lang)


def gettext_for(lang: str) -> Callable[[str], str]:
    """The `_` function of a language."""
    return translations(lang).gettext
