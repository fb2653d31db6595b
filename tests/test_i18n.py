"""Every message of the code and the templates has a French translation, with the same placeholders."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "scripts"))


def test_every_message_is_translated_to_french():
    import importlib

    updater = importlib.import_module("update-translations")
    template = updater.extract()
    with (ROOT / "toolassess" / "locale" / "fr" / "toolassess.po").open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    missing = [m.id for m in template if m.id and not (catalog.get(m.id) and catalog.get(m.id).string)]
    assert not missing, f"untranslated (run scripts/update-translations.py, then translate): {missing}"


def test_translations_keep_placeholders():
    with (ROOT / "toolassess" / "locale" / "fr" / "toolassess.po").open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    pattern = re.compile(r"\{\w+\}|%\(\w+\)s")
    for message in catalog:
        if message.id and message.string:
            assert sorted(pattern.findall(message.id)) == sorted(pattern.findall(message.string)), message.id
