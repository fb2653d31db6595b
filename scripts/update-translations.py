"""Extract every translatable string (Python and Jinja templates) and merge it into each .po catalog.

Run after adding or changing a message: `.venv/bin/python scripts/update-translations.py`. New messages
arrive untranslated (empty msgstr); `tests/test_i18n.py` fails until every message has a translation.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "toolassess"
METHODS = [("**.py", "python"), ("**/templates/**.j2", "jinja2.ext:babel_extract")]
OPTIONS = {"**/templates/**.j2": {"extensions": "jinja2.ext.i18n", "trim_blocks": "True", "lstrip_blocks": "True"}}
KEYWORDS = {"_": None, "N_": None}


def extract() -> Catalog:
    """A template catalog of every message in the package."""
    template = Catalog(project="toolassess")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=METHODS, options_map=OPTIONS, keywords=KEYWORDS
    ):
        template.add(message, locations=[(filename, lineno)], auto_comments=comments, context=context)
    return template


def main() -> None:
    template = extract()
    for po_path in sorted((PACKAGE / "locale").glob("*/toolassess.po")):
        with po_path.open("rb") as handle:
            old = read_po(handle, locale=po_path.parent.name)
        catalog = Catalog(locale=po_path.parent.name, project="toolassess")
        for message in template:  # keep each existing translation, drop messages no longer used
            if message.id:
                previous = old.get(message.id)
                catalog.add(message.id, previous.string if previous else "", locations=message.locations)
        with po_path.open("wb") as handle:
            write_po(handle, catalog, width=120, sort_output=False)
        missing = [m.id for m in catalog if m.id and not m.string]
        print(f"{po_path.relative_to(ROOT)}: {len(catalog)} messages, {len(missing)} untranslated")


if __name__ == "__main__":
    main()
