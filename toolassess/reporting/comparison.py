"""Renderings of a Comparison: terminal tables, Markdown and a PDF section (same HTML pipeline as reports)."""

from __future__ import annotations

from datetime import date
from typing import Any

from markupsafe import Markup
from rich.console import Group
from rich.table import Table
from rich.text import Text

from toolassess import __version__
from toolassess.audit.compare import Comparison, override_line
from toolassess.reporting.html import environment, render_template, stylesheet
from toolassess.reporting.markdown import md_escape


def comparison_view(c: Comparison) -> Group:
    """Terminal: warnings and regressions first, improvements, then scores, facts, criteria, findings and inputs."""
    parts: list[Any] = []
    if c.warnings:
        parts.append(Text("Warnings:\n" + "\n".join(f"  • {w}" for w in c.warnings), style="bold yellow"))
    if c.regressions:
        parts.append(Text("Regressions:\n" + "\n".join(f"  • {r}" for r in c.regressions), style="bold red"))
    if c.improvements:
        parts.append(Text("Improvements:\n" + "\n".join(f"  • {r}" for r in c.improvements), style="green"))
    scores = Table(title="Scores", title_justify="left")
    for column in ("tool", "purpose", "before", "after", "Δ", "rank", "categories that moved"):
        scores.add_column(column)
    for s in c.scores:
        delta = "—" if s.delta is None else f"{s.delta:+g}"
        scores.add_row(
            s.tool,
            s.purpose,
            _num(s.old_score),
            _num(s.new_score),
            Text(delta, style="red" if (s.delta or 0) < 0 else "green" if (s.delta or 0) > 0 else ""),
            f"{s.old_rank or '—'} → {s.new_rank or '—'}",
            ", ".join(f"{a} {d:+g}" for a, d in s.categories.items()),
        )
    parts.append(scores)
    if c.facts:
        facts = Table(title="Facts changed", title_justify="left", expand=True)
        for column in ("tool", "fact", "before", "after"):
            facts.add_column(column)
        for f in c.facts:
            facts.add_row(
                f.tool,
                f.fact,
                Text(f"{f.old_value} ({f.old_checked}) {f.old_source}"),
                Text(f"{f.new_value} ({f.new_checked}) {f.new_source}"),
            )
        parts.append(facts)
    for title, findings in (
        ("Findings added", c.findings_added),
        ("Findings resolved", c.findings_resolved),
        ("Findings worse", [change.after for change in c.findings_worsened]),
        ("Findings better", [change.after for change in c.findings_improved]),
        ("Newly accepted", c.findings_newly_accepted),
    ):
        if findings:
            parts.append(Text(f"{title}:\n" + "\n".join(f"  • [{f.severity.value}] {f.message}" for f in findings)))
    if c.criteria:
        parts.append(Text("Criteria: " + "; ".join(_criterion_change(k) for k in c.criteria)))
    if c.accepted_risks:
        parts.append(
            Text(
                "Accepted risks: "
                + "; ".join(
                    f"{r.what} ({', '.join(r.tools) or 'all'}) until {r.until}{' — EXPIRED' if r.expired else ''}"
                    for r in c.accepted_risks
                )
            )
        )
    for title, overrides in (
        ("Catalogue overrides before", c.old_overrides),
        ("Catalogue overrides now", c.new_overrides),
    ):
        if overrides:
            parts.append(Text(f"{title}:\n" + "\n".join(f"  • {override_line(o)}" for o in overrides), style="yellow"))
    if c.inputs:
        parts.append(Text("Inputs changed: " + "; ".join(f"{i.path} {i.change}" for i in c.inputs)))
    return Group(*parts)


def _criterion_change(k: Any) -> str:
    weights = f" ({_num(k.old_weight)} → {_num(k.new_weight)})" if k.change == "weight" else ""
    return f"{k.criterion} {k.change}{weights}"


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def render_comparison_markdown(c: Comparison) -> str:
    """The comparison as Markdown."""
    lines = [f"# What changed: {md_escape(c.old_plan)} ({c.old_date}) → {md_escape(c.new_plan)} ({c.new_date})", ""]
    if c.warnings:
        lines += ["## Warnings", "", *[f"- {md_escape(w)}" for w in c.warnings], ""]
    if c.regressions:
        lines += ["## Regressions", "", *[f"- {md_escape(r)}" for r in c.regressions], ""]
    if c.improvements:
        lines += ["## Improvements", "", *[f"- {md_escape(r)}" for r in c.improvements], ""]
    lines += ["## Scores", "", "| tool | purpose | before | after | Δ | rank |", "|---|---|---:|---:|---:|---|"]
    for s in c.scores:
        delta = "—" if s.delta is None else f"{s.delta:+g}"
        rank = f"{s.old_rank or '—'} → {s.new_rank or '—'}"
        lines.append(
            f"| {md_escape(s.tool)} | {md_escape(s.purpose)} | {_num(s.old_score)} | {_num(s.new_score)} "
            f"| {delta} | {rank} |"
        )
    lines += ["", "## Facts changed", ""]
    lines += [
        f"- {md_escape(f.tool)} {md_escape(f.fact)}: {md_escape(f.old_value)} "
        f"({f.old_checked}, {md_escape(f.old_source)}) → "
        f"{md_escape(f.new_value)} ({f.new_checked}, {md_escape(f.new_source)})"
        for f in c.facts
    ] or ["- none"]
    lines += ["", "## Findings", ""]
    lines += [f"- added: {md_escape(f.message)}" for f in c.findings_added]
    lines += [f"- resolved: {md_escape(f.message)}" for f in c.findings_resolved]
    lines += [f"- worse: {md_escape(change.after.message)}" for change in c.findings_worsened]
    lines += [f"- better: {md_escape(change.after.message)}" for change in c.findings_improved]
    lines += [f"- newly accepted: {md_escape(f.message)}" for f in c.findings_newly_accepted]
    lines += ["", "## Criteria and weights", ""] + (
        [f"- {md_escape(_criterion_change(k))}" for k in c.criteria] or ["- unchanged"]
    )
    lines += ["", "## Accepted risks", ""] + (
        [
            f"- {md_escape(r.what)} ({md_escape(', '.join(r.tools) or 'all')}) until {r.until}"
            f"{' — expired' if r.expired else ''}: {md_escape(r.reason)} ({md_escape(r.accepted_by)})"
            for r in c.accepted_risks
        ]
        or ["- none"]
    )
    lines += ["", "## Catalogue overrides", ""] + (
        [f"- before: {md_escape(override_line(o))}" for o in c.old_overrides]
        + [f"- now: {md_escape(override_line(o))}" for o in c.new_overrides]
        or ["- none"]
    )
    lines += ["", "## Inputs", ""] + ([f"- {md_escape(i.path)}: {i.change}" for i in c.inputs] or ["- unchanged"])
    return "\n".join(lines) + "\n"


def render_comparison_pdf(c: Comparison, lang: str) -> bytes:
    """The comparison as a short PDF/A-3b, with the comparison JSON attached."""
    from toolassess.reporting.json import render_json
    from toolassess.reporting.pdf import html_to_pdf

    env = environment(lang)
    css = stylesheet(None).replace("</", "<\\/")
    html = render_template(env, "compare.html.j2", c=c, lang=lang, version=__version__, stylesheet=Markup(css))
    return html_to_pdf(html, [("comparison.json", render_json(c).encode("utf-8"))], date.fromisoformat(c.new_date))
