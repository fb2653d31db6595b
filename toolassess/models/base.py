"""Shared base for every input and output model: strict, frozen, typos fail."""

import difflib
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

Lang = Literal["fr", "en"]
"""The languages of reports and catalogue texts."""

Bool = StrictBool
"""YAML booleans only: `1` or `"yes"` is an error, not a silent true."""

Identifier = Annotated[
    str,
    Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64, description="lower-case id: letters, digits, '-'"),
]


MAX_TEXT = 2000
"""Characters in any one text of an input or a report (the longest built-in note has about 700): bounds what one
field can cost the PDF layout, which grows faster than the length of an unbroken run of text."""


class Model(BaseModel):
    """Frozen, unknown keys are errors (a typo must never pass silently), and no NaN or infinity anywhere.

    A NaN score would compare as neither better nor worse, and is not JSON.
    """

    model_config = ConfigDict(
        extra="forbid", frozen=True, allow_inf_nan=False, str_max_length=MAX_TEXT, defer_build=True
    )


class Localized(Model):
    """A text in English and French (the report languages)."""

    en: str = Field(min_length=1)
    fr: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        """The text in `lang`, falling back to English."""
        return self.fr if lang == "fr" else self.en


LocalText = Localized | Annotated[str, Field(min_length=1)]
"""A catalogue text: `{en, fr}` for sentences a report shows, a plain string for a proper noun ("WhatsApp") that
reads the same in both languages. The built-in catalogue gives every sentence in both (tests/test_catalog.py)."""


def short_name(name: str) -> str:
    """A name before its first bracket ("SMS (operator text messages)" → "SMS"): for tables and diagrams."""
    return name.split(" (")[0]


def local(text: Localized | str | None, lang: str) -> str:
    """A catalogue text in the report's language ('' when absent)."""
    if text is None:
        return ""
    return text if isinstance(text, str) else text.get(lang)


def did_you_mean(word: str, choices: object) -> str:
    """' (did you mean 'x'?)' when a close match exists, else ''."""
    matches = difflib.get_close_matches(word, [str(c) for c in choices], n=1, cutoff=0.6)  # type: ignore[attr-defined]
    return f" (did you mean '{matches[0]}'?)" if matches else ""
