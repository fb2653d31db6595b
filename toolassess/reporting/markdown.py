"""Markdown report: the same Assessment, for wikis and tickets; input text is escaped, never raw HTML."""

from __future__ import annotations

import re
from pathlib import Path

from toolassess.i18n import gettext_for
from toolassess.models.assessment import Assessment
from toolassess.reporting import Audience
from toolassess.reporting.html import AUDIENCE_TITLES, environment, render_template
from toolassess.reporting.textsafe import visible

# What makes markup inside a line: escapes, code, emphasis, links and images (brackets: with them escaped,
# parentheses and "!" are plain text), table cells and strikethrough. An underscore inside a word is no emphasis.
_INLINE_SYNTAX = re.compile(r"([\\`*\[\]|~])|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
# What makes markup at the start of a line: a heading, a list item, a rule ("---", "==="), a numbered item.
_LINE_START = re.compile(r"^(#|[-+](?=\s|$)|-(?=-)|=(?==|\s*$)|\d+(?=[.)]))")


def md_escape(value: object) -> str:
    """Text safe in Markdown: entities for <, > and &, a backslash before what would be Markdown syntax, one line.

    Only what would make markup is escaped, so the file stays readable as text. Control characters are shown
    rather than kept: a terminal `cat` of the file must not obey them.
    """
    text = visible(" ".join(str(value).split()), multiline=False)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE_SYNTAX.sub(lambda m: "\\" + m.group(0), text)
    return _LINE_START.sub(lambda m: m.group(0) + "\\" if m.group(0)[0].isdigit() else "\\" + m.group(0), text)


def render_markdown(
    assessment: Assessment, audience: Audience = Audience.PLANNER, template_dir: Path | None = None
) -> str:
    """The summary report in Markdown."""
    env = environment(assessment.lang, template_dir, autoescape=False)
    env.filters["md"] = md_escape
    _ = gettext_for(assessment.lang)
    return render_template(
        env, "report.md.j2", a=assessment, audience=audience.value, audience_title=_(AUDIENCE_TITLES[audience.value])
    )
