"""`tools list` on the terminal, from plain rows: the command can answer from its cache without the model layer."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from toolassess.reporting.fitted import Fitted, card


def tools_table(rows: list[dict[str, Any]]) -> Fitted:
    """`tools list`: one line per tool with its fact counts (rows as the JSON output gives them)."""
    title = "Tool catalogue"
    wide = Table(title=title, title_justify="left")
    wide.add_column("id", no_wrap=True)
    wide.add_column("name", min_width=20)
    wide.add_column("kind", no_wrap=True)
    wide.add_column("purposes", min_width=14)
    for column in ("sourced", "stale", "unsourced", "unknown", "n/a", "not recorded"):
        wide.add_column(column, justify="right", no_wrap=True)
    wide.add_column("oldest check", no_wrap=True)
    narrow = Table(title=title, title_justify="left", caption="facts: sourced / stale / unsourced / unknown")
    narrow.add_column("id", no_wrap=True)
    narrow.add_column("kind", no_wrap=True)
    narrow.add_column("facts", justify="right", no_wrap=True)
    narrow.add_column("oldest check", no_wrap=True)
    cards: list[RenderableType] = [Text(title, style="italic")]
    for s in rows:
        f = s["facts"]
        oldest = str(f["oldest_check"] or "—")
        purposes = ", ".join(s["purposes"])
        counts = (f["sourced"], f["stale"], f["unsourced"], f["unknown"], f["not_applicable"], f["not_recorded"])
        wide.add_row(Text(s["id"]), Text(s["name"]), Text(s["kind"]), purposes, *(str(n) for n in counts), oldest)
        narrow.add_row(
            Text(s["id"]), Text(s["kind"]), f"{f['sourced']} / {f['stale']} / {f['unsourced']} / {f['unknown']}", oldest
        )
        facts = (
            f"facts: {f['sourced']} sourced, {f['stale']} stale, {f['unsourced']} unsourced, {f['unknown']} unknown, "
            f"{f['not_applicable']} not applicable, {f['not_recorded']} not recorded; oldest check {oldest}"
        )
        cards += card(
            Text.assemble((s["id"], "bold"), f"  {s['kind']}"),
            Text.assemble(s["name"], f"\n{purposes}", (f"\n{facts}", "dim")),
        )
    return Fitted(wide, narrow, Group(*cards))
