"""CSV export: one row per tool and criterion (for spreadsheets), from the same Assessment."""

from __future__ import annotations

import csv
import io
from typing import Any

from toolassess.models.assessment import Assessment

COLUMNS = [
    "tool",
    "ranks",
    "tool_scores",
    "statuses",
    "criterion",
    "area",
    "verdict",
    "criterion_score",
    "weight",
    "accepted",
    "explanation",
    "facts",
    "sources",
]


def render_csv(assessment: Assessment) -> str:
    """Scores as CSV (UTF-8, comma-separated, LF line ends, stable order)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for score in assessment.scores:
        # One row per criterion; the per-purpose rank, score and status are joined as "purpose:value".
        ranks = "; ".join(f"{p.purpose}:{p.rank if p.rank is not None else '—'}" for p in score.purposes)
        totals = "; ".join(f"{p.purpose}:{p.score if p.score is not None else '—'}" for p in score.purposes)
        statuses = "; ".join(f"{p.purpose}:{p.status.value}" for p in score.purposes)
        for criterion in score.criteria:
            row: list[Any] = [
                score.tool,
                ranks,
                totals,
                statuses,
                criterion.id,
                criterion.area,
                criterion.verdict.value,
                criterion.score,
                criterion.weight,
                criterion.accepted,
                criterion.explanation,
                "; ".join(e.fact for e in criterion.evidence),
                "; ".join(e.source or "" for e in criterion.evidence),
            ]
            writer.writerow(_defuse(cell) for cell in row)
    return buffer.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@")
INVISIBLE_STARTS = ("\t", "\r", "\n", " ")


def _defuse(cell: Any) -> Any:
    """Quote cells a spreadsheet would run as a formula (CSV injection, OWASP).

    That is a cell starting with = + - @, also after leading tabs, newlines or spaces (some spreadsheets trim
    them), and any cell starting with a tab or carriage return.
    """
    if not isinstance(cell, str):
        return cell
    if cell.startswith(FORMULA_STARTS) or cell.lstrip("".join(INVISIBLE_STARTS)).startswith(FORMULA_STARTS):
        return "'" + cell
    if cell.startswith(("\t", "\r")):
        return "'" + cell
    return cell
