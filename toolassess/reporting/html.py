"""HTML report: Jinja2 templates (autoescaped, strict), shipped as package data; an institution may override them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.exceptions import SecurityError, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup
from pydantic import BaseModel

from toolassess.errors import ToolassessError
from toolassess.i18n import N_, colon, gettext_for, translations
from toolassess.models.assessment import Assessment
from toolassess.reporting import Audience
from toolassess.reporting.filters import make_filters
from toolassess.reporting.textsafe import visible

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


AUDIENCE_TITLES = {
    "planner": N_("emergency planners"),
    "dpo": N_("data protection officers"),
    "auditor": N_("auditors"),
}


class ConfinedLoader(FileSystemLoader):
    """Templates from one folder only: no path outside it, symbolic links included, and UTF-8 text only."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.folder = folder.resolve()

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = (self.folder / template).resolve()
        if not path.is_relative_to(self.folder) or not path.is_file():
            raise TemplateNotFound(template)
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError:
            raise ToolassessError(f"{path}: template is not UTF-8 text") from None


TEMPLATE_HELPERS = frozenset({"rows", "for_purpose", "gates_with", "gate_summary", "named"})
"""The model methods a template may call: read-only helpers of ours (never pydantic's, such as parse_raw)."""
MAX_TEXT = 1_000_000
"""Largest string or sequence a template may build with * (a report is a few hundred kilobytes of HTML)."""
MAX_RANGE_TOTAL = 1_000_000
"""Items all range() calls of one rendering may produce together (nested loops cannot multiply past it)."""


class ReportSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, narrowed for reports that may come from others.

    On our models a template reads fields and calls TEMPLATE_HELPERS only: pydantic's own methods include
    parse_raw and parse_file, which read files and unpickle. `*` and `**` cannot build huge values, and range()
    shares one budget per rendering, so no template can make the renderer work without end.
    """

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.range_budget = MAX_RANGE_TOTAL
        self.globals["range"] = self._range

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, BaseModel) or (isinstance(obj, type) and issubclass(obj, BaseModel)):
            model = obj if isinstance(obj, type) else type(obj)
            return attr in model.model_fields or attr in TEMPLATE_HELPERS
        return bool(super().is_safe_attribute(obj, attr, value))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if not (isinstance(left, int | float) and isinstance(right, int | float)) or abs(right) > 64:
                raise SecurityError("exponent too large for a report")
            return left**right
        if isinstance(right, int) and isinstance(left, str | list | tuple):
            left, right = right, left
        if isinstance(left, int) and isinstance(right, str | list | tuple) and left * len(right) > MAX_TEXT:
            raise SecurityError(f"a value longer than {MAX_TEXT:,} items")
        return super().call_binop(context, operator, left, right)

    def _range(self, *args: int) -> range:
        values = range(*args)
        self.range_budget -= len(values)
        if self.range_budget < 0:
            raise SecurityError(f"range() past {MAX_RANGE_TOTAL:,} items in one report")
        return values


def environment(lang: str, template_dir: Path | None = None, autoescape: bool = True) -> Environment:
    """A sandboxed Jinja environment for one language; the user's template folder, if any, is searched first.

    Templates may be the institution's, or sent by others: they render in Jinja's immutable sandbox (no Python
    internals, no attribute starting with an underscore, no mutation of the Assessment), read templates from
    their own folder and the built-in ones only, and the PDF renderer fetches nothing (see pdf.py). What a
    template can use: the Assessment `a`, `audience`, `audience_title`, `charts`, `stylesheet`, gettext `_`,
    `colon` (":" as the language writes it) and the filters of reporting/filters.py.
    """
    loaders: list[BaseLoader] = [ConfinedLoader(template_dir)] if template_dir else []
    env = ReportSandbox(
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
    env.globals["colon"] = colon(lang)
    env.finalize = _shown  # every printed value: control characters become visible stand-ins
    return env


def _shown(value: Any) -> Any:
    """A value as printed in a report, with control characters shown as visible stand-ins.

    Text from the inputs keeps its characters, but ESC, BEL and the like can be drawn by no font and would break
    the diagram's XML.
    """
    if isinstance(value, Markup):
        return Markup(visible(str(value)))
    if isinstance(value, str):
        return visible(value)
    return value


def render_template(env: Environment, name: str, **context: Any) -> str:
    """Render one template; a template's own error (syntax, sandbox, undefined name) is one located line."""
    try:
        return env.get_template(name).render(**context)
    except TemplateSyntaxError as error:
        where = error.filename or error.name or name
        raise ToolassessError(f"{where}:{error.lineno}: template syntax error: {error.message}") from None
    except SecurityError as error:
        raise ToolassessError(f"{name}: template refused by the sandbox: {error}") from None
    except TemplateNotFound as error:
        raise ToolassessError(f"{name}: template not found: {error.name}") from None
    except TemplateError as error:
        raise ToolassessError(f"{name}: template error: {error.message or error}") from None
    except RecursionError:
        raise ToolassessError(f"{name}: template error: recursion too deep (a macro or include calls itself)") from None
    except (ArithmeticError, ValueError, TypeError, MemoryError, LookupError) as error:
        raise ToolassessError(f"{name}: template error: {type(error).__name__}: {error}"[:300]) from None


def render_html(
    assessment: Assessment,
    audience: Audience = Audience.PLANNER,
    template_dir: Path | None = None,
    with_diagram: bool = True,
) -> str:
    """The full report as one self-contained HTML page (CSS inline, diagram as a data URI)."""
    from toolassess.reporting.charts import dependency_diagram

    env = environment(assessment.lang, template_dir)
    _ = gettext_for(assessment.lang)
    return render_template(
        env,
        "report.html.j2",
        a=assessment,
        audience=audience.value,
        audience_title=_(AUDIENCE_TITLES[audience.value]),
        charts={"diagram": dependency_diagram(assessment) if with_diagram else None},
        # The stylesheet is ours or the institution's own template folder's: trusted, and CSS must not be
        # HTML-escaped (quotes would become entities); `</` is still neutralised so it cannot end <style>.
        stylesheet=Markup(stylesheet(template_dir).replace("</", "<\\/")),
    )


def stylesheet(template_dir: Path | None) -> str:
    """The report's CSS: the template folder's `report.css` when it has one (UTF-8, inside the folder), else ours."""
    if template_dir is not None:
        folder = template_dir.resolve()
        path = (folder / "report.css").resolve()
        if path.is_relative_to(folder) and path.is_file():
            try:
                return path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                raise ToolassessError(f"{path}: report.css is not UTF-8 text") from None
            except OSError as error:
                raise ToolassessError(f"{path}: cannot read: {error.strerror or error}") from None
    return (STATIC / "report.css").read_text(encoding="utf-8")
