"""Markdown report: the same Assessment, for wikis and tickets; input text is escaped, never raw HTML."""

from __future__ import annotations

import re
from pathlib import Path

from toolassess.i18n import gettext_for
from toolassess.models.assessment import Assessment
from toolassess.reporting.html import AUDIENCE_TITLES, Audience, environment, render_template
from toolassess.reporting.textsafe import visible

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")


def md_escape(value: object) -> str:
    """Text safe in Markdown: HTML entities for <, > and &, backslashes before Markdown syntax, one line.

    Control characters are shown rather than kept: a terminal `cat` of the file must not obey them.
    """
    text = visible(" ".join(str(value).split()), multiline=False)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


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
