"""Renderings of a Portfolio: terminal, Markdown and PDF, in the portfolio's language."""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.numbers import format_decimal, format_percent
from markupsafe import Markup
from rich.console import Group
from rich.table import Table
from rich.text import Text

from toolassess import __version__
from toolassess.audit.portfolio import Portfolio
from toolassess.i18n import gettext_for
from toolassess.reporting.html import environment, render_template, stylesheet
from toolassess.reporting.markdown import md_escape


def percent(share: float, lang: str) -> str:
    """A share as the language writes a percentage (83 %, with a narrow space in French)."""
    return format_percent(share, locale=lang)


def portfolio_view(p: Portfolio) -> Group:
    """Terminal, in the portfolio's language: concentration first, then false redundancies and weak plans."""
    _ = gettext_for(p.lang)
    concentration = Table(
        title=_("Portfolio of {count} plans — what the backups depend on").format(count=p.plans), title_justify="left"
    )
    for column in (_("component"), _("plans"), _("share")):
        concentration.add_column(column)
    for s in p.backup_concentration[:10]:
        concentration.add_row(Text(s.name), str(s.plans), percent(s.share, p.lang))
    redundancies = Table(title=_("Most common false redundancies"), title_justify="left")
    for column in (_("tools"), _("plans")):
        redundancies.add_column(column)
    for r in p.false_redundancies[:10]:
        redundancies.add_row(Text(" + ".join(p.named(r.tools))), str(r.plans))
    parts: list[Any] = [concentration, redundancies, Text(_weak_plans(p))]
    if p.failed:
        failed = Table(
            title=_("Plans that could not be assessed ({count})").format(count=len(p.failed)),
            title_justify="left",
            expand=True,
        )
        failed.add_column(_("file"), overflow="fold")
        failed.add_column(_("error"), ratio=1, overflow="fold")
        for f in p.failed:
            failed.add_row(Text(f.file), Text(f.error, style="red"))
        parts.append(failed)
    return Group(*parts)


def _weak_plans(p: Portfolio) -> str:
    _ = gettext_for(p.lang)
    return _("{uncovered} plan(s) leave a purpose uncovered; {untested} have channels never tested.").format(
        uncovered=p.plans_with_uncovered_purpose, untested=p.plans_never_tested
    )


PURPOSE_ORDER = ("communication", "notification", "public-information")
SHOWN = 15  # rows of the false-redundancy tables; the rest is in portfolio.json


def _more(rows: list[Any], lang: str) -> str:
    _ = gettext_for(lang)
    return "\n" + _("…and {count} more (all in portfolio.json).").format(count=len(rows) - SHOWN)


def _per_purpose(values: dict[str, Any], lang: str, hours: bool = False) -> str:
    """C/N/P figures of one plan: a count, or the blackout hours that silence the purpose ('·': not covered)."""

    def shown(purpose: str) -> str:
        if purpose not in values:
            return "·"
        value = values[purpose]
        if hours:
            return "—" if value is None else f"{format_decimal(value, locale=lang)} h"
        return str(value)

    return " / ".join(shown(purpose) for purpose in PURPOSE_ORDER)


def render_portfolio_markdown(p: Portfolio) -> str:
    """The portfolio report as Markdown, in the portfolio's language."""
    _ = gettext_for(p.lang)
    lines = [_("# Portfolio of {count} crisis communication plans").format(count=p.plans), ""]
    if p.failed:
        lines += [
            _("## Plans that could not be assessed ({count})").format(count=len(p.failed)),
            "",
            f"| {_('file')} | {_('error')} |",
            "|---|---|",
        ]
        lines += [f"| {md_escape(f.file)} | {md_escape(f.error)} |" for f in p.failed]
        lines += [""]
    component, plans, share, tool, tools, components = (
        _("component"),
        _("plans"),
        _("share"),
        _("tool"),
        _("tools"),
        _("components"),
    )  # outside the f-strings below: the message extractor does not read calls inside them
    lines += [_("## What the backups depend on"), "", f"| {component} | {plans} | {share} |"]
    lines += ["|---|---:|---:|"]
    lines += [f"| {md_escape(s.name)} | {s.plans} | {percent(s.share, p.lang)} |" for s in p.backup_concentration[:20]]
    lines += ["", _("## Tools used"), "", f"| {tool} | {plans} | {share} |", "|---|---:|---:|"]
    lines += [f"| {md_escape(s.name)} | {s.plans} | {percent(s.share, p.lang)} |" for s in p.tool_usage]
    lines += ["", _("## Most common false redundancies"), ""]
    lines += [f"| {tools} | {components} | {plans} |", "|---|---|---:|"]
    lines += [
        f"| {md_escape(' + '.join(p.named(r.tools)))} | {md_escape(', '.join(p.named(r.components)))} | {r.plans} |"
        for r in p.false_redundancies[:SHOWN]
    ]
    lines += [_more(p.false_redundancies, p.lang)] if len(p.false_redundancies) > SHOWN else []
    lines += ["", _weak_plans(p), ""]
    lines += [
        _("## Plans"),
        "",
        _(
            "Scenarios lost: how many of the scenarios leave the purpose without a channel (C communication, N "
            "notification, P public information); blackout: the shortest grid blackout played that silences it (— : "
            "it survives the longest)."
        ),
        "",
        "| {} | {} | {} | {} | {} | {} |".format(
            _("plan"),
            _("file"),
            _("high findings"),
            _("scenarios lost C/N/P"),
            _("blackout C/N/P"),
            _("never tested"),
        ),
        "|---|---|---:|---|---|---|",
    ]
    lines += [
        f"| {md_escape(x.plan)} | {md_escape(x.file)} | {x.high_findings} | {_per_purpose(x.scenarios_lost, p.lang)} "
        f"| {_per_purpose(x.blackout_lost_at, p.lang, hours=True)} "
        f"| {md_escape(', '.join(p.named(x.never_tested))) or '—'} |"
        for x in p.lines
    ]
    return "\n".join(lines) + "\n"


def render_portfolio_pdf(p: Portfolio, dated: date) -> bytes:
    """The portfolio report as PDF/A-3b with its JSON attached, in the portfolio's language."""
    from toolassess.reporting.json import render_json
    from toolassess.reporting.pdf import html_to_pdf

    _ = gettext_for(p.lang)
    env = environment(p.lang)
    css = stylesheet(None).replace("</", "<\\/")
    html = render_template(
        env,
        "portfolio.html.j2",
        p=p,
        lang=p.lang,
        version=__version__,
        title=_("{count} plans").format(count=p.plans),
        dated=dated.isoformat(),
        stylesheet=Markup(css),
    )
    return html_to_pdf(html, [("portfolio.json", render_json(p).encode("utf-8"))], dated)
