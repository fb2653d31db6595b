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


def test_a_french_assessment_carries_no_english_message():
    """Catches messages translated through a call the extractor cannot see (they then stay English)."""
    import importlib
    import re as regex
    from datetime import date

    from toolassess.assess import build_assessment
    from toolassess.inputs.bundle import load_inputs
    from toolassess.inputs.files import EXAMPLE_PLAN

    updater = importlib.import_module("update-translations")
    with (ROOT / "toolassess" / "locale" / "fr" / "toolassess.po").open("rb") as handle:
        french = read_po(handle, locale="fr")
    fragments = set()
    for message in updater.extract():
        if message.id and any(str(loc[0]).endswith(".py") for loc in message.locations):
            translated = french.get(message.id).string if french.get(message.id) else ""
            parts = {part.strip() for part in regex.split(r"\{\w+\}", message.id) if len(part.strip()) >= 8}
            fragments |= {part for part in parts if part not in translated}  # same word in both languages: fine
    assessment = build_assessment(load_inputs(EXAMPLE_PLAN, as_of=date(2026, 12, 1)))
    # messages and explanations only: catalogue data (deployments, notes) is English by design
    text = "\n".join(
        [f.message for f in assessment.findings] + [c.explanation for s in assessment.scores for c in s.criteria]
    )
    leaked = sorted(fragment for fragment in fragments if fragment in text)
    assert not leaked, leaked


def test_messages_are_translated_through_a_name_the_extractor_sees():
    """`gettext_for(lang)("…")` is invisible to extraction (the message would never be translated): use `_ = …`."""
    import re as regex

    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "toolassess").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if regex.search(r"gettext_for\([^)]*\)\(", line)
    ]
    assert not offenders, offenders


def test_every_fact_has_a_question_for_the_vendor_in_both_languages():
    from toolassess.models.facts import FACT_NAMES
    from toolassess.reporting.filters import FACT_QUESTIONS, make_filters

    assert set(FACT_QUESTIONS) == set(FACT_NAMES)
    french = make_filters("fr")["question"]
    assert all(french(fact) != FACT_QUESTIONS[fact] and french(fact).endswith(" ?") for fact in FACT_NAMES)
