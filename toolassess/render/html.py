"""HTML report: Jinja2 templates (autoescaped, strict), shipped as package data; an institution may override them."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from toolassess.i18n import N_, gettext_for, translations
from toolassess.models.assessment import Assessment
from toolassess.render.filters import make_filters

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


class Audience(StrEnum):
    """Who the report is written for: it decides the order and depth of the sections."""

    PLANNER = "planner"
    DPO = "dpo"
    AUDITOR = "auditor"


AUDIENCE_TITLES = {
    "planner": N_("emergency planners"),
    "dpo": N_("data protection officers"),
    "auditor": N_("auditors"),
}


def environment(lang: str, template_dir: Path | None = None, autoescape: bool = True) -> Environment:
    """A Jinja environment for one language; the user's template folder, if any, is searched first."""
    loaders = [FileSystemLoader(template_dir)] if template_dir else []
    env = Environment(
        loader=ChoiceLoader([*loaders, FileSystemLoader(TEMPLATES)]),
        autoescape=select_autoescape(["html", "j2"]) if autoescape else False,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(make_filters(lang))
    return env


def render_html(
    assessment: Assessment,
    audience: Audience = Audience.PLANNER,
    template_dir: Path | None = None,
    with_diagram: bool = True,
) -> str:
    """The full report as one self-contained HTML page (CSS inline, diagram as a data URI)."""
    from toolassess.render.charts import dependency_diagram

    stylesheet_path = (
        (template_dir / "report.css")
        if template_dir and (template_dir / "report.css").is_file()
        else STATIC / "report.css"
    )
    env = environment(assessment.lang, template_dir)
    _ = gettext_for(assessment.lang)
    return env.get_template("report.html.j2").render(
        a=assessment,
        audience=audience.value,
        audience_title=_(AUDIENCE_TITLES[audience.value]),
        charts={"diagram": dependency_diagram(assessment) if with_diagram else None},
        # The stylesheet is ours or the institution's own template folder's: trusted, and CSS must not be
        # HTML-escaped (quotes would become entities); `</` is still neutralised so it cannot end <style>.
        stylesheet=Markup(stylesheet_path.read_text(encoding="utf-8").replace("</", "<\\/")),
    )
