"""Renderings of a Portfolio: terminal, Markdown and PDF."""

from __future__ import annotations

from datetime import date
from typing import Any

from markupsafe import Markup
from rich.console import Group
from rich.table import Table
from rich.text import Text

from toolassess import __version__
from toolassess.audit.portfolio import Portfolio
from toolassess.reporting.html import environment, render_template, stylesheet
from toolassess.reporting.markdown import md_escape


def portfolio_view(p: Portfolio) -> Group:
    """Terminal: concentration first, then shared false redundancies and the weakest plans."""
    concentration = Table(title=f"Portfolio of {p.plans} plans — what the backups depend on", title_justify="left")
    for column in ("component", "plans", "share"):
        concentration.add_column(column)
    for s in p.backup_concentration[:10]:
        concentration.add_row(s.name, str(s.plans), f"{s.share:.0%}")
    redundancies = Table(title="Most common false redundancies", title_justify="left")
    for column in ("tools", "plans"):
        redundancies.add_column(column)
    for r in p.false_redundancies[:10]:
        redundancies.add_row(" + ".join(r.tools), str(r.plans))
    parts: list[Any] = [concentration, redundancies]
    parts.append(_weak_plans(p))
    if p.failed:
        failed = Table(title=f"Plans that could not be assessed ({len(p.failed)})", title_justify="left", expand=True)
        failed.add_column("file", overflow="fold")
        failed.add_column("error", ratio=1, overflow="fold")
        for f in p.failed:
            failed.add_row(Text(f.file), Text(f.error, style="red"))
        parts.append(failed)
    return Group(*parts)


def _weak_plans(p: Portfolio) -> str:
    return (
        f"{p.plans_with_uncovered_purpose} plan(s) leave a purpose uncovered; "
        f"{p.plans_never_tested} have channels never tested."
    )


PURPOSE_ORDER = ("communication", "notification", "public-information")


def _per_purpose(values: dict[str, Any], hours: bool = False) -> str:
    """C/N/P figures of one plan: a count, or the blackout hours that silence the purpose ('·': not covered)."""

    def shown(purpose: str) -> str:
        if purpose not in values:
            return "·"
        value = values[purpose]
        if hours:
            return "—" if value is None else f"{value:g} h"
        return str(value)

    return " / ".join(shown(purpose) for purpose in PURPOSE_ORDER)


def render_portfolio_markdown(p: Portfolio) -> str:
    """The portfolio report as Markdown."""
    lines = [f"# Portfolio of {p.plans} crisis communication plans", ""]
    if p.failed:
        lines += [f"## Plans that could not be assessed ({len(p.failed)})", "", "| file | error |", "|---|---|"]
        lines += [f"| {md_escape(f.file)} | {md_escape(f.error)} |" for f in p.failed]
        lines += [""]
    lines += ["## What the backups depend on", "", "| component | plans | share |", "|---|---:|---:|"]
    lines += [f"| {md_escape(s.name)} | {s.plans} | {s.share:.0%} |" for s in p.backup_concentration[:20]]
    lines += ["", "## Most common false redundancies", "", "| tools | components | plans |", "|---|---|---:|"]
    lines += [f"| {' + '.join(r.tools)} | {', '.join(r.components)} | {r.plans} |" for r in p.false_redundancies[:15]]
    lines += [
        "",
        _weak_plans(p),
        "",
    ]
    lines += [
        "## Plans",
        "",
        "Scenarios lost: how many of the scenarios leave the purpose without a channel (C communication, N "
        "notification, P public information); blackout: the shortest grid blackout played that silences it (— : it "
        "survives the longest).",
        "",
        "| plan | file | high findings | scenarios lost C/N/P | blackout C/N/P | never tested |",
        "|---|---|---:|---|---|---|",
    ]
    lines += [
        f"| {md_escape(x.plan)} | {md_escape(x.file)} | {x.high_findings} | {_per_purpose(x.scenarios_lost)} "
        f"| {_per_purpose(x.blackout_lost_at, hours=True)} | {', '.join(x.never_tested) or '—'} |"
        for x in p.lines
    ]
    return "\n".join(lines) + "\n"


def render_portfolio_pdf(p: Portfolio, lang: str, dated: date, title: str) -> bytes:
    """The portfolio report as PDF/A-3b with its JSON attached."""
    from toolassess.reporting.json import render_json
    from toolassess.reporting.pdf import html_to_pdf

    env = environment(lang)
    css = stylesheet(None).replace("</", "<\\/")
    html = render_template(
        env,
        "portfolio.html.j2",
        p=p,
        lang=lang,
        version=__version__,
        title=title,
        dated=dated.isoformat(),
        stylesheet=Markup(css),
    )
    return html_to_pdf(html, [("portfolio.json", render_json(p).encode("utf-8"))], dated)
