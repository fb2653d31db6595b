"""Rich renderables for the terminal: tables of tools, facts and criteria."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from toolassess.browse import CriterionLine, ToolSheet, ToolSummary
from toolassess.models.assessment import FactStatus

STATUS_STYLE = {
    FactStatus.SOURCED: "green",
    FactStatus.STALE: "yellow",
    FactStatus.UNSOURCED: "magenta",
    FactStatus.UNKNOWN: "red",
}


def _value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        if value and isinstance(value[0], dict):  # outages
            return "; ".join(f"{o['date']} {o['summary']}" for o in value)
        return ", ".join(str(v) for v in value) or "none"
    return str(value)


def tools_table(summaries: list[ToolSummary]) -> Table:
    """`tools list`: one line per tool with its fact counts."""
    table = Table(title="Tool catalogue", title_justify="left")
    for column in ("id", "name", "kind", "purposes"):
        table.add_column(column)
    for column in ("sourced", "stale", "unsourced", "unknown", "not recorded"):
        table.add_column(column, justify="right")
    table.add_column("oldest check")
    for s in summaries:
        f = s.facts
        table.add_row(
            s.id,
            Text(s.name),
            s.kind,
            ", ".join(p.value for p in s.purposes),
            str(f.sourced),
            str(f.stale),
            str(f.unsourced),
            str(f.unknown),
            str(f.not_recorded),
            str(f.oldest_check or "—"),
        )
    return table


def tool_sheet_view(sheet: ToolSheet) -> Group:
    """`tools show ID`: the header, the dependency tree and every fact with source and age."""
    header = Text()
    header.append(f"{sheet.name} ", style="bold")
    header.append(f"({sheet.id}, {sheet.kind})\n")
    header.append(f"Deployment: {sheet.deployment}\n")
    header.append(f"Purposes: {', '.join(p.value for p in sheet.purposes)}\n")
    header.append(f"Depends on: {sheet.depends_on}")
    table = Table(show_lines=False, expand=True)
    table.add_column("fact", no_wrap=True)
    table.add_column("value", ratio=2)
    table.add_column("status", no_wrap=True)
    table.add_column("source", ratio=3, overflow="fold")
    table.add_column("checked", no_wrap=True)
    table.add_column("age", justify="right", no_wrap=True)
    for name, line in sheet.facts.items():
        if line.status is None:
            table.add_row(name, Text("not recorded", style="dim"), Text("unknown", style="red"), "", "", "")
            continue
        value = Text((line.unknown and f"unknown: {line.unknown}") or _value_text(line.value))
        if line.note:
            value.append(f"\n{line.note}", style="dim")
        table.add_row(
            name,
            value,
            Text(line.status.value, style=STATUS_STYLE[line.status]),
            Text(line.source or "—"),
            str(line.checked or "—"),
            f"{line.age_days} d" if line.age_days is not None else "—",
        )
    parts: list[Any] = [header, table]
    if sheet.dependency_evidence:
        evidence = Table(title="Dependency evidence", title_justify="left", expand=True)
        evidence.add_column("component", no_wrap=True)
        evidence.add_column("note", ratio=2)
        evidence.add_column("source", ratio=2, overflow="fold")
        evidence.add_column("checked", no_wrap=True)
        for e in sheet.dependency_evidence:
            evidence.add_row(e["component"], Text(e.get("note") or ""), Text(e["source"]), str(e["checked"]))
        parts.append(evidence)
    return Group(*parts)


def criteria_table(lines: list[CriterionLine]) -> Table:
    """`criteria list`: every criterion with area, weight, origin and facts read."""
    table = Table(title="Criteria", title_justify="left")
    table.add_column("area", no_wrap=True)
    table.add_column("id", no_wrap=True)
    table.add_column("weight", justify="right")
    table.add_column("title")
    table.add_column("from")
    for line in lines:
        table.add_row(line.area, line.id, f"{line.weight:g}", Text(line.title), Text(", ".join(line.origin)))
    return table
